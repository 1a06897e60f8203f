import type { Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import { NAME_FLAG, pickEndpoint } from './sni-endpoints.js'

const command: Command = {
  summary: "remove an app's SSL certificate: its domains keep routing, without it",
  app: true,
  flags: { ...NAME_FLAG, confirm: { char: 'c', type: 'string', description: "the app's name, to confirm" } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const endpoint = await pickEndpoint(ctx, app, input)
    await ctx.confirm(app, stringFlag(input, 'confirm'), `This removes the SSL certificate ${endpoint.name} from ${app}.`)
    await ctx.action(`Removing SSL certificate ${endpoint.name} from ⬢ ${app}`, () => ctx.api.delete(appPath(app, `/sni-endpoints/${endpoint.name}`)))
  },
}
export default command
