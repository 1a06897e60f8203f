import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import { printReleaseOutput } from '../../release-lines.js'
import type { ReleaseJson } from '../../wire.js'

const command: Command = {
  summary: "show a release's release-phase output (the newest release without a version)",
  app: true,
  args: [{ name: 'release' }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const release = input.args[0]
      ? await ctx.api.get<ReleaseJson>(appPath(app, `/releases/${encodeURIComponent(input.args[0])}`))
      : (await ctx.api.get<ReleaseJson[]>(appPath(app, '/releases'), { Range: 'version ..; max=1, order=desc' }))[0]!
    if (!(await printReleaseOutput(ctx, release))) ctx.out(`v${release.version} has no release phase output.`)
  },
}
export default command
