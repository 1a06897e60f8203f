import type { Command } from '../../command.js'
import { changeBuildpacks } from '../../buildpack-change.js'

const command: Command = {
  summary: 'clear the buildpacks set on the app: each build detects one again',
  app: true,
  async run(ctx, input) {
    await changeBuildpacks(ctx, await ctx.app(input), input, [], 'cleared')
  },
}
export default command
