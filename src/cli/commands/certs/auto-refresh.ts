import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'order certificates again now for the domains whose orders are failing or failed',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.action('Refreshing Automatic Certificate Management', () => ctx.api.patch(appPath(app, '/acm'), { acm_refresh: true }))
    ctx.out(`See the status with: berth certs:auto -a ${app}`)
  },
}
export default command
