import type { Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'remove a webhook, with its deliveries still queued',
  app: true,
  args: [{ name: 'id', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const id = input.args[0]!
    await ctx.action(`Removing webhook ${id} from ⬢ ${app}`, () => ctx.api.delete(appPath(app, `/webhooks/${encode(id)}`)))
  },
}
export default command
