import { JSON_FLAG, type Command } from '../../command.js'
import { absoluteTime, table } from '../../format.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import type { WebhookDeliveryJson } from '../../wire.js'
import { listRecent, RECENT_MAX } from './recent.js'

const command: Command = {
  summary: "list the app's webhook deliveries: status, attempts, last response, next attempt",
  app: true,
  flags: { status: { char: 's', type: 'string', description: 'only those pending, retrying, succeeded or failed' }, ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const status = stringFlag(input, 'status')
    // Heroku compat: the API filters with `eq[status]`, the query `heroku webhooks:deliveries -s` sends.
    const query = status === undefined ? '' : `?${new URLSearchParams({ 'eq[status]': status })}`
    const deliveries = await listRecent<WebhookDeliveryJson>(ctx, appPath(app, `/webhook-deliveries${query}`))
    if (input.flags.json) return ctx.json(deliveries)
    if (deliveries.length === 0) return ctx.out(`${app} has no ${status === undefined ? '' : `${status} `}deliveries.`)
    if (deliveries.length === RECENT_MAX) ctx.warn(`Only showing the ${RECENT_MAX} most recent deliveries; --status narrows them.`)
    ctx.out(table(deliveries.map((d) => [
      d.id, absoluteTime(d.created_at), d.status, d.event.include, d.webhook.level, String(d.num_attempts),
      d.last_attempt?.code?.toString() ?? '', d.last_attempt?.error_class ?? '', d.next_attempt_at ? absoluteTime(d.next_attempt_at) : '',
    ]), ['Delivery ID', 'Created', 'Status', 'Include', 'Level', 'Attempts', 'Code', 'Error', 'Next Attempt']))
  },
}
export default command
