import { stringFlag, type Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'restart dynos without dropping requests: all, one type (-p web) or one dyno (-d web.1)',
  app: true,
  args: [{ name: 'dyno' }],
  flags: {
    'process-type': { char: 'p', type: 'string', description: 'restart only this process type' },
    'dyno-name': { char: 'd', type: 'string', description: 'restart only this dyno' },
  },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const target = stringFlag(input, 'dyno-name') ?? input.args[0]
    const type = stringFlag(input, 'process-type')
    if (target?.includes('.')) {
      return void (await ctx.action(`Restarting dyno ${target} on ⬢ ${app}`, () => ctx.api.delete(appPath(app, `/dynos/${encodeURIComponent(target)}`))))
    }
    const kind = type ?? target
    if (kind) return void (await ctx.action(`Restarting all ${kind} dynos on ⬢ ${app}`, () => ctx.api.delete(appPath(app, `/formations/${encodeURIComponent(kind)}`))))
    await ctx.action(`Restarting all dynos on ⬢ ${app}`, () => ctx.api.delete(appPath(app, '/dynos')))
  },
}
export default command
