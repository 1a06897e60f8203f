import { JSON_FLAG, type Command } from '../../command.js'
import { certificateTime, table } from '../../format.js'
import { appPath } from '../../paths.js'
import type { SniEndpointJson } from './sni-endpoints.js'

const command: Command = {
  summary: "list an app's SSL certificates",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const endpoints = await ctx.api.get<SniEndpointJson[]>(appPath(app, '/sni-endpoints'))
    if (input.flags.json) return ctx.json(endpoints)
    if (endpoints.length === 0) return ctx.out(`${app} has no SSL certificates.\nUse berth certs:add CRT KEY to add one.`)
    const rows = [...endpoints].sort((a, b) => a.name.localeCompare(b.name)).map((e) => [
      e.name, e.ssl_cert.cert_domains.join(', '), certificateTime(e.ssl_cert.expires_at), e.ssl_cert['ca_signed?'] ? 'True' : 'False',
      e.ssl_cert.acm ? 'ACM' : 'SNI', String(e.domains.length),
    ])
    ctx.out(table(rows, ['Name', 'Common Name(s)', 'Expires', 'Trusted', 'Type', 'Domains']))
  },
}
export default command
