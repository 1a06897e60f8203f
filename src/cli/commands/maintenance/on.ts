import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'put the app in maintenance mode: the router answers 503 with a maintenance page',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action(`Enabling maintenance mode for ⬢ ${app}`, () => ctx.api.patch(appPath(app), { maintenance: true }))
  },
}
export default command
