import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { DYNO_TARGET_FLAGS, dynoTarget } from '../../dyno-target.js'

const command: Command = {
  summary: 'stop a dyno (web.2) or every dyno of a type (web); the formation starts them again',
  app: true,
  args: [{ name: 'dyno' }],
  flags: DYNO_TARGET_FLAGS,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const target = dynoTarget(app, input)
    if (!target) throw new CliError('Name a dyno (web.1) or a process type (web).')
    await ctx.action(`Stopping ${target.label} on ⬢ ${app}`, () => ctx.api.post(`${target.path}/actions/stop`))
  },
}
export default command
