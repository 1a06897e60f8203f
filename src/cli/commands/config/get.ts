import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import type { ConfigVarsJson } from '../../wire.js'
import { shellLine } from './list.js'

const command: Command = {
  summary: 'print one config var (empty when unset)',
  app: true,
  args: [{ name: 'key', required: true }],
  flags: { shell: { char: 's', type: 'boolean', description: 'print as KEY=value' } },
  async run(ctx, input) {
    const key = input.args[0]!
    const value = (await ctx.api.get<ConfigVarsJson>(appPath(await ctx.app(input), '/config-vars')))[key] ?? ''
    ctx.out(input.flags.shell ? shellLine(key, value) : value)
  },
}
export default command
