import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { changeConfig } from '../../config-change.js'
import { keyValues } from '../../format.js'

const command: Command = {
  summary: 'set config vars (KEY=value …) as one new release',
  app: true,
  variadic: true,
  async run(ctx, input) {
    if (input.args.length === 0) throw new CliError('Usage: berth config:set KEY=value …')
    const patch: Record<string, string> = {}
    for (const pair of input.args) {
      const at = pair.indexOf('=')
      if (at <= 0) throw new CliError(`${pair} is not KEY=value.`)
      patch[pair.slice(0, at)] = pair.slice(at + 1)
    }
    const vars = await changeConfig(ctx, await ctx.app(input), patch, 'Setting')
    ctx.out(keyValues(Object.keys(patch).map((key) => [key, vars[key]])))
  },
}
export default command
