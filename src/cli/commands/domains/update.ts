import type { Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'choose which of the app\'s SSL certificates serves a domain (--cert NAME), or none (--no-cert)',
  app: true,
  args: [{ name: 'hostname', required: true }],
  flags: { cert: { type: 'string', description: 'the SSL certificate (see berth certs)' }, 'no-cert': { type: 'boolean', description: 'serve the domain with no certificate of its own' } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const cert = stringFlag(input, 'cert')
    if ((cert === undefined) === !input.flags['no-cert']) throw new CliError('Pass either --cert NAME or --no-cert.')
    const hostname = input.args[0]!
    await ctx.action(`Updating ${hostname} to use ${cert === undefined ? 'no' : `the ${cert}`} certificate`,
      () => ctx.api.patch(appPath(app, `/domains/${encodeURIComponent(hostname)}`), { sni_endpoint: cert ?? null }))
  },
}
export default command
