import type { Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { header } from '../../format.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import type { WebhookJson } from '../../wire.js'
import { WEBHOOK_FLAGS, webhookBody } from './webhook-flags.js'

const REQUIRED = ['url', 'include', 'level']

const command: Command = {
  summary: 'add a webhook: the app\'s events (-i) posted to a URL (-u) at a level (-l)',
  app: true,
  flags: WEBHOOK_FLAGS,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const missing = REQUIRED.filter((name) => stringFlag(input, name) === undefined)
    if (missing.length > 0) throw new CliError(`Missing required flag ${missing.map((name) => `--${name}`).join(', ')}. See berth help webhooks:add.`)
    const created = await ctx.action(`Adding webhook to ⬢ ${app}`,
      () => ctx.api.request<WebhookJson>('POST', appPath(app, '/webhooks'), { body: webhookBody(input) }), (r) => `done, ${r.body.id}`)
    // Heroku compat: without -s Berth makes the secret and returns it this once, in this header.
    const secret = created.headers.get('heroku-webhook-secret')
    if (secret) {
      ctx.out(header('Webhooks Signing Secret'))
      ctx.out(secret)
    }
  },
}
export default command
