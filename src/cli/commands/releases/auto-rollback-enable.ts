import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import { showAutoRollback, THRESHOLD_FLAGS, thresholds, type AutoRollbackJson } from './auto-rollback.js'

const command: Command = {
  summary: 'roll back a new release by itself when its 5xx rate, p95 or crashes pass the thresholds within the window after cutover',
  app: true,
  flags: THRESHOLD_FLAGS,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const settings = await ctx.api.patch<AutoRollbackJson>(appPath(app, '/auto-rollback'), { enabled: true, ...thresholds(input) })
    showAutoRollback(ctx, app, settings)
  },
}
export default command
