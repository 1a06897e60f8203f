import type { Command } from '../../command.js'
import { findRelease, printReleaseOutput } from '../../release-lines.js'

const command: Command = {
  summary: "show a release's release-phase output (the newest release without a version)",
  app: true,
  args: [{ name: 'release' }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const release = await findRelease(ctx, app, input.args[0])
    if (!(await printReleaseOutput(ctx, release))) ctx.out(`v${release.version} has no release phase output.`)
  },
}
export default command
