import { CliError, stringFlag, type Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'stop a dyno (web.2) or every dyno of a type (web); the formation starts them again',
  app: true,
  args: [{ name: 'dyno' }],
  flags: {
    'process-type': { char: 'p', type: 'string', description: 'stop every dyno of this type' },
    'dyno-name': { char: 'd', type: 'string', description: 'stop this dyno' },
  },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const target = stringFlag(input, 'dyno-name') ?? stringFlag(input, 'process-type') ?? input.args[0]
    if (!target) throw new CliError('Name a dyno (web.1) or a process type (web).')
    const path = target.includes('.') ? `/dynos/${encodeURIComponent(target)}` : `/formations/${encodeURIComponent(target)}`
    await ctx.action(`Stopping ${target.includes('.') ? 'dyno' : 'all'} ${target}${target.includes('.') ? '' : ' dynos'} on ⬢ ${app}`, () => ctx.api.post(appPath(app, `${path}/actions/stop`)))
  },
}
export default command
