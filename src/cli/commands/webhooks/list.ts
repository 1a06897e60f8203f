import { JSON_FLAG, type Command } from '../../command.js'
import { table } from '../../format.js'
import { appPath } from '../../paths.js'
import type { WebhookJson } from '../../wire.js'

const command: Command = {
  summary: "list an app's webhooks",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const webhooks = await ctx.api.get<WebhookJson[]>(appPath(app, '/webhooks'))
    if (input.flags.json) return ctx.json(webhooks)
    if (webhooks.length === 0) return ctx.out(`${app} has no webhooks.\nUse berth webhooks:add to add one.`)
    const oldestFirst = [...webhooks].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at))
    ctx.out(table(oldestFirst.map((w) => [w.id, w.url, w.include.join(','), w.level]), ['Webhook ID', 'URL', 'Include', 'Level']))
  },
}
export default command
