import type { Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { CliError } from '../../cli-error.js'
import { appPath } from '../../paths.js'
import { WEBHOOK_FLAGS, webhookBody } from './webhook-flags.js'

const command: Command = {
  summary: 'change a webhook: any of its URL, entities, level, secret and Authorization header (--no-authorization stops sending one)',
  app: true,
  args: [{ name: 'id', required: true }],
  flags: { ...WEBHOOK_FLAGS, 'no-authorization': { type: 'boolean', description: 'stop sending an Authorization header' } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const id = input.args[0]!
    const body = webhookBody(input)
    if (input.flags['no-authorization']) {
      if ('authorization' in body) throw new CliError('Pass either --authorization or --no-authorization.')
      body.authorization = null
    }
    if (Object.keys(body).length === 0) throw new CliError('Nothing to change: pass --url, --include, --level, --secret, --authorization or --no-authorization.')
    await ctx.action(`Updating webhook ${id} for ⬢ ${app}`, () => ctx.api.patch(appPath(app, `/webhooks/${encode(id)}`), body))
  },
}
export default command
