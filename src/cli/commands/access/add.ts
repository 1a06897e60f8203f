import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'let another account use the app (owner only)',
  app: true,
  args: [{ name: 'email', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action(`Adding ${input.args[0]} access to the app ${app}`, () => ctx.api.post(appPath(app, '/collaborators'), { user: input.args[0] }))
  },
}
export default command
