import { JSON_FLAG, type Command } from '../../command.js'
import { absoluteTime, table } from '../../format.js'
import { appPath } from '../../paths.js'
import type { WebhookEventJson } from '../../wire.js'
import { listRecent } from './recent.js'

const command: Command = {
  summary: "list the events sent to the app's webhooks (webhooks:deliveries shows how each went)",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const events = await listRecent<WebhookEventJson>(ctx, appPath(app, '/webhook-events'))
    if (input.flags.json) return ctx.json(events)
    if (events.length === 0) return ctx.out(`${app} has no events.`)
    ctx.out(table(events.map((e) => [e.id, e.payload.resource, e.payload.action, absoluteTime(e.payload.published_at)]), ['Event ID', 'Resource', 'Action', 'Published At']))
  },
}
export default command
