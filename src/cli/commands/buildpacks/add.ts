import type { Command } from '../../command.js'
import { changeBuildpacks, getBuildpacks } from '../../buildpack-change.js'
import { stringFlag } from '../../parsed-input.js'
import { addBuildpack, parseBuildpackIndex } from '../../plan-buildpacks.js'

const command: Command = {
  summary: "add a buildpack to the app's list (last, or at --index); each runs in order at the next build",
  app: true,
  args: [{ name: 'buildpack', required: true }],
  flags: { index: { char: 'i', type: 'string', description: 'the 1-based position to put it at' } },
  async run(ctx, input) {
    const index = parseBuildpackIndex(stringFlag(input, 'index'))
    const app = await ctx.app(input)
    const buildpacks = addBuildpack(await getBuildpacks(ctx, app), input.args[0]!, index)
    await changeBuildpacks(ctx, app, input, buildpacks, 'added')
  },
}
export default command
