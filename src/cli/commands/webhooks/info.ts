import { JSON_FLAG, type Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { header, keyValues } from '../../format.js'
import { appPath } from '../../paths.js'
import type { WebhookJson } from '../../wire.js'

const command: Command = {
  summary: 'show one webhook of the app',
  app: true,
  args: [{ name: 'id', required: true }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const webhook = await ctx.api.get<WebhookJson>(appPath(app, `/webhooks/${encode(input.args[0]!)}`))
    if (input.flags.json) return ctx.json(webhook)
    ctx.out(header(webhook.id))
    ctx.out(keyValues([['Include', webhook.include.join(',')], ['Level', webhook.level], ['URL', webhook.url], ['Webhook ID', webhook.id]]))
  },
}
export default command
