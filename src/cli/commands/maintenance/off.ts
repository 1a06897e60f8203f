import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'take the app out of maintenance mode',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action(`Disabling maintenance mode for ⬢ ${app}`, () => ctx.api.patch(appPath(app), { maintenance: false }))
  },
}
export default command
