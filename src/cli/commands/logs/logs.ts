import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { logLines } from '../../log-stream.js'

const command: Command = {
  summary: "show an app's logs (-t to follow), from its dynos, router and API",
  app: true,
  flags: {
    num: { char: 'n', type: 'string', description: 'how many lines of history (default 100, at most 1500)' },
    tail: { char: 't', type: 'boolean', description: 'keep following new lines' },
    'dyno-name': { char: 'd', type: 'string', description: 'only this dyno (web.1)' },
    'process-type': { char: 'p', type: 'string', description: 'only this process type (web)' },
    source: { char: 's', type: 'string', description: 'only this source (app or heroku)' },
    release: { type: 'string', description: 'only lines emitted while this release ran (v42)' },
  },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const lines = Number(stringFlag(input, 'num') ?? 100)
    if (!Number.isInteger(lines) || lines < 0) throw new CliError('--num must be a whole number.')
    const options = {
      lines, tail: Boolean(input.flags.tail), dyno: stringFlag(input, 'dyno-name') ?? stringFlag(input, 'process-type'),
      source: stringFlag(input, 'source'), release: stringFlag(input, 'release'),
    }
    const colored = (line: string) => line.replace(/^(\S+) ((?:app|heroku)\[[^\]]+\]):/, (_, time: string, tag: string) => `${ctx.style.dim(time)} ${ctx.style.green(tag)}:`)
    for await (const line of logLines(ctx, app, options)) ctx.out(colored(line))
  },
}
export default command
