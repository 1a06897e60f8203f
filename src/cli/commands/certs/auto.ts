import { JSON_FLAG, type Command } from '../../command.js'
import { header, table } from '../../format.js'
import { appPath } from '../../paths.js'

interface DomainJson { hostname: string; kind: string; acm_status: string | null; acm_status_reason: string | null }

/** `cert issued` → `Cert issued`, none yet → `Waiting`, as heroku certs:auto shows them. */
function statusLabel(status: string | null): string {
  return status ? status.charAt(0).toUpperCase() + status.slice(1) : 'Waiting'
}

const command: Command = {
  summary: "show Automated Certificate Management's status for each of an app's custom domains",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const info = await ctx.api.get<{ acm: boolean }>(appPath(app))
    const domains = (await ctx.api.get<DomainJson[]>(appPath(app, '/domains'))).filter((d) => d.kind === 'custom')
    if (input.flags.json) return ctx.json({ acm: info.acm, domains })
    if (!info.acm) return ctx.out(header(`Automatic Certificate Management is disabled on ${app}`))
    ctx.out(header(`Automatic Certificate Management is enabled on ${app}`))
    if (domains.length === 0) return ctx.out('Add a custom domain to your app by running: berth domains:add <yourdomain.com>')
    ctx.out(table(domains.map((d) => [d.hostname, statusLabel(d.acm_status), d.acm_status_reason ?? '']), ['Domain', 'Status', 'Reason']))
    if (domains.some((d) => d.acm_status === 'failed')) ctx.out('Some domains failed validation after multiple attempts: retry with berth certs:auto:refresh')
    else if (domains.some((d) => d.acm_status === 'failing')) ctx.out('Some domains are failing validation: check that their DNS points at this app (berth domains)')
  },
}
export default command
