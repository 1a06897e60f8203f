import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { changeConfig } from '../../config-change.js'

const command: Command = {
  summary: 'remove config vars (KEY …) as one new release',
  app: true,
  variadic: true,
  async run(ctx, input) {
    if (input.args.length === 0) throw new CliError('Usage: berth config:unset KEY …')
    await changeConfig(ctx, await ctx.app(input), Object.fromEntries(input.args.map((key) => [key, null])), 'Unsetting')
  },
}
export default command
