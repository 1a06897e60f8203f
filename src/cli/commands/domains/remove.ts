import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'stop routing a custom hostname to the app',
  app: true,
  args: [{ name: 'hostname', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action(`Removing ${input.args[0]} from ⬢ ${app}`, () => ctx.api.delete(appPath(app, `/domains/${encodeURIComponent(input.args[0]!)}`)))
  },
}
export default command
