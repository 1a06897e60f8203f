import { JSON_FLAG, type Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { absoluteTime, header, keyValues } from '../../format.js'
import { appPath } from '../../paths.js'
import type { WebhookDeliveryJson, WebhookEventJson } from '../../wire.js'

const command: Command = {
  summary: 'show one webhook delivery and the payload it carries',
  app: true,
  args: [{ name: 'id', required: true }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const delivery = await ctx.api.get<WebhookDeliveryJson>(appPath(app, `/webhook-deliveries/${encode(input.args[0]!)}`))
    // A delivery names its event; the payload lives there (an event is sent to every webhook that includes it).
    const event = await ctx.api.get<WebhookEventJson>(appPath(app, `/webhook-events/${encode(delivery.event.id)}`))
    if (input.flags.json) return ctx.json({ ...delivery, event: { ...delivery.event, payload: event.payload } })
    ctx.out(header(delivery.id))
    ctx.out(keyValues([
      ['Created', absoluteTime(delivery.created_at)],
      ['Event', delivery.event.id],
      ['Webhook', delivery.webhook.id],
      ['Status', delivery.status],
      ['Include', delivery.event.include],
      ['Level', delivery.webhook.level],
      ['Attempts', String(delivery.num_attempts)],
      ['Code', delivery.last_attempt?.code?.toString()],
      ['Error', delivery.last_attempt?.error_class],
      ['Next Attempt', delivery.next_attempt_at && absoluteTime(delivery.next_attempt_at)],
    ]))
    ctx.out()
    ctx.out(header('Event Payload'))
    ctx.out(JSON.stringify(event.payload, null, 2))
  },
}
export default command
