import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { logLines } from '../../log-stream.js'
import { appPath } from '../../paths.js'

const EXIT = /heroku\[[\w.]+\]: Process exited with status (\d+)/
const CRASHED = /heroku\[[\w.]+\]: State changed from \w+ to crashed/

const command: Command = {
  summary: 'run a one-off command in a new dyno on the current release, with its output streamed back',
  app: true,
  args: [{ name: 'command', required: true }],
  variadic: true,
  passThrough: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const command = input.args.join(' ')
    const dyno = await ctx.action(`Running ${command} on ⬢ ${app}`, () => ctx.api.post<{ name: string }>(appPath(app, '/dynos'), { command }),
      (d) => `up, ${d.name}`)
    // The session replays the dyno's lines from its start, so nothing printed before it opened is lost.
    const stop = new AbortController()
    for await (const line of logLines(ctx, app, { dyno: dyno.name, tail: true, lines: 1500 }, stop.signal)) {
      const exited = EXIT.exec(line)
      if (exited) {
        stop.abort()
        if (exited[1] !== '0') throw new CliError(`${dyno.name} exited with status ${exited[1]}.`, { exitCode: Number(exited[1]) })
        return
      }
      if (CRASHED.test(line)) {
        stop.abort()
        throw new CliError(`${dyno.name} crashed.`)
      }
      const output = new RegExp(`^\\S+ app\\[${dyno.name.replace('.', '\\.')}\\]: (.*)$`).exec(line)
      if (output) ctx.out(output[1])
    }
  },
}
export default command
