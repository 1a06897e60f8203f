import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: 'show whether the app is in maintenance mode',
  app: true,
  async run(ctx, input) {
    ctx.out((await ctx.api.get<AppJson>(appPath(await ctx.app(input)))).maintenance ? 'on' : 'off')
  },
}
export default command
