import type { Command } from '../../command.js'
import { changeBuildpacks, getBuildpacks } from '../../buildpack-change.js'
import { stringFlag } from '../../parsed-input.js'
import { parseBuildpackIndex, setBuildpack } from '../../plan-buildpacks.js'

const command: Command = {
  summary: 'set a buildpack (heroku/nodejs, a git URL, or an allowed path) in place of the first, or of the --index one',
  app: true,
  args: [{ name: 'buildpack', required: true }],
  flags: { index: { char: 'i', type: 'string', description: 'the 1-based position of the one to replace' } },
  async run(ctx, input) {
    const index = parseBuildpackIndex(stringFlag(input, 'index'))
    const app = await ctx.app(input)
    const buildpacks = setBuildpack(await getBuildpacks(ctx, app), input.args[0]!, index)
    await changeBuildpacks(ctx, app, input, buildpacks, 'set')
  },
}
export default command
