import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import { certificateDetails, readCertAndKey, type SniEndpointJson } from './sni-endpoints.js'

const command: Command = {
  summary: 'add an SSL certificate (PEM: the certificate, then its intermediates) and its private key to an app',
  app: true,
  args: [{ name: 'CRT', required: true }, { name: 'KEY', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const body = await readCertAndKey(ctx, input)
    const endpoint = await ctx.action(`Adding SSL certificate to ⬢ ${app}`, () => ctx.api.post<SniEndpointJson>(appPath(app, '/sni-endpoints'), body))
    ctx.out(certificateDetails(endpoint))
    ctx.out(`Choose it for a domain with: berth domains:update <hostname> --cert ${endpoint.name} -a ${app}`)
  },
}
export default command
