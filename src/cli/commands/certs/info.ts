import { JSON_FLAG, type Command } from '../../command.js'
import { appPath } from '../../paths.js'
import { certificateDetails, NAME_FLAG, pickEndpoint } from './sni-endpoints.js'

const command: Command = {
  summary: "show an app's SSL certificate and the domains it serves",
  app: true,
  flags: { ...NAME_FLAG, ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const endpoint = await pickEndpoint(ctx, app, input)
    if (input.flags.json) return ctx.json(endpoint)
    const domains = await ctx.api.get<{ id: string; hostname: string }[]>(appPath(app, '/domains'))
    ctx.out(certificateDetails(endpoint, domains.filter((d) => endpoint.domains.includes(d.id)).map((d) => d.hostname)))
  },
}
export default command
