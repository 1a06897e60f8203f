import { JSON_FLAG, type Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { header } from '../../format.js'
import { appPath } from '../../paths.js'
import type { WebhookEventJson } from '../../wire.js'

const command: Command = {
  summary: 'show one webhook event and its payload, as receivers get it',
  app: true,
  args: [{ name: 'id', required: true }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const event = await ctx.api.get<WebhookEventJson>(appPath(app, `/webhook-events/${encode(input.args[0]!)}`))
    if (input.flags.json) return ctx.json(event)
    ctx.out(header(event.id))
    ctx.out(JSON.stringify(event.payload, null, 2))
  },
}
export default command
