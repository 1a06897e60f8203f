import type { Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'route a custom hostname to the app',
  app: true,
  args: [{ name: 'hostname', required: true }],
  flags: { cert: { type: 'string', description: 'the SSL certificate that serves it (see berth certs)' } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const body = { hostname: input.args[0], sni_endpoint: stringFlag(input, 'cert') ?? null }
    const domain = await ctx.action(`Adding ${input.args[0]} to ⬢ ${app}`, () => ctx.api.post<{ cname: string }>(appPath(app, '/domains'), body))
    ctx.out(`Point ${input.args[0]}'s DNS (a CNAME) at ${domain.cname}.`)
  },
}
export default command
