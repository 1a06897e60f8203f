import type { Command } from '../../command.js'
import { DYNO_TARGET_FLAGS, dynoTarget } from '../../dyno-target.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'restart dynos without dropping requests: all, one type (-p web) or one dyno (-d web.1)',
  app: true,
  args: [{ name: 'dyno' }],
  flags: DYNO_TARGET_FLAGS,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const target = dynoTarget(app, input) ?? { path: appPath(app, '/dynos'), label: 'all dynos' }
    await ctx.action(`Restarting ${target.label} on ⬢ ${app}`, () => ctx.api.delete(target.path))
  },
}
export default command
