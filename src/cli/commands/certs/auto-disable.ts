import type { Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'turn off Automated Certificate Management: the certificates it issued stop being served',
  app: true,
  flags: { confirm: { char: 'c', type: 'string', description: "the app's name, to confirm" } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.confirm(app, stringFlag(input, 'confirm'), `This stops serving the certificates Automated Certificate Management issued for ${app}.`)
    await ctx.action('Disabling Automatic Certificate Management', () => ctx.api.delete(appPath(app, '/acm')))
  },
}
export default command
