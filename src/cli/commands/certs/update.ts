import type { Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import { certificateDetails, NAME_FLAG, pickEndpoint, readCertAndKey, type SniEndpointJson } from './sni-endpoints.js'

const command: Command = {
  summary: "replace an app's SSL certificate (a renewal): it must still cover the domains it serves",
  app: true,
  args: [{ name: 'CRT', required: true }, { name: 'KEY', required: true }],
  flags: { ...NAME_FLAG, confirm: { char: 'c', type: 'string', description: "the app's name, to confirm" } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const endpoint = await pickEndpoint(ctx, app, input)
    const body = await readCertAndKey(ctx, input)
    await ctx.confirm(app, stringFlag(input, 'confirm'), `This replaces the SSL certificate ${endpoint.name} of ${app}.`)
    const updated = await ctx.action(`Updating SSL certificate ${endpoint.name} for ⬢ ${app}`, () => ctx.api.patch<SniEndpointJson>(appPath(app, `/sni-endpoints/${endpoint.name}`), body))
    ctx.out(certificateDetails(updated))
  },
}
export default command
