import type { Command } from '../../command.js'
import { changeBuildpacks, getBuildpacks } from '../../buildpack-change.js'
import { stringFlag } from '../../parsed-input.js'
import { parseBuildpackIndex, removeBuildpack } from '../../plan-buildpacks.js'

const command: Command = {
  summary: "remove a buildpack from the app's list, by name or URL or by --index",
  app: true,
  args: [{ name: 'buildpack' }],
  flags: { index: { char: 'i', type: 'string', description: 'the 1-based position of the one to remove' } },
  async run(ctx, input) {
    const index = parseBuildpackIndex(stringFlag(input, 'index'))
    const app = await ctx.app(input)
    const buildpacks = removeBuildpack(app, await getBuildpacks(ctx, app), { buildpack: input.args[0], index })
    await changeBuildpacks(ctx, app, input, buildpacks, 'removed')
  },
}
export default command
