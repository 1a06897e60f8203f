import { JSON_FLAG, type Command } from '../../command.js'
import { header, table } from '../../format.js'
import { appPath } from '../../paths.js'

interface DomainJson { hostname: string; kind: string; cname: string | null; sni_endpoint: { name: string } | null; acm_status: string | null }

const command: Command = {
  summary: "list an app's domains",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const domains = await ctx.api.get<DomainJson[]>(appPath(app, '/domains'), { Range: 'hostname ..; max=1000' })
    if (input.flags.json) return ctx.json(domains)
    ctx.out(header(`${app} Heroku Domain`))
    ctx.out(domains.filter((d) => d.kind === 'heroku').map((d) => d.hostname).join('\n'))
    const custom = domains.filter((d) => d.kind === 'custom')
    if (custom.length === 0) return
    ctx.out()
    ctx.out(header(`${app} Custom Domains`))
    ctx.out(table(custom.map((d) => [d.hostname, d.cname ?? '', d.sni_endpoint?.name ?? '', d.acm_status ?? '']), ['Domain Name', 'DNS Target', 'SNI Endpoint', 'ACM Status']))
  },
}
export default command
