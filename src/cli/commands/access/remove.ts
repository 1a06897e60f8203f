import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: "take an account's access to the app away",
  app: true,
  args: [{ name: 'email', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action(`Removing ${input.args[0]} access from the app ${app}`, () => ctx.api.delete(appPath(app, `/collaborators/${encodeURIComponent(input.args[0]!)}`)))
  },
}
export default command
