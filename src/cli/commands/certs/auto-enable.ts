import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'turn on Automated Certificate Management: Berth orders and renews a certificate for each custom domain',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action('Enabling Automatic Certificate Management', () => ctx.api.post(appPath(app, '/acm'), {}))
    ctx.out(`See the status with: berth certs:auto -a ${app}`)
  },
}
export default command
