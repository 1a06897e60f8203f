import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import type { AutoRollbackJson } from './auto-rollback.js'

const command: Command = {
  summary: 'stop rolling back new releases by themselves (the thresholds are kept)',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.api.patch<AutoRollbackJson>(appPath(app, '/auto-rollback'), { enabled: false })
    ctx.out(`Automatic rollback is off for ${app}.`)
  },
}
export default command
