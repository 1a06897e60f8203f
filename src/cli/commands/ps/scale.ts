import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { appPath } from '../../paths.js'
import type { FormationJson } from '../../wire.js'

const PAIR = /^([a-z][a-z0-9_-]*)(?:=|(?=[+-]))([+-]?\d+)(?::([\w-]+))?$/i

const command: Command = {
  summary: 'scale process types: web=2 worker+1 web=1:Standard-1X (no arguments: show the formation)',
  app: true,
  variadic: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const describe = (f: FormationJson[]) => f.filter((e) => e.type !== 'release').map((e) => `${e.type}=${e.quantity}:${e.size}`).join(' ')
    if (input.args.length === 0) return ctx.out(describe(await ctx.api.get<FormationJson[]>(appPath(app, '/formation'))))
    const updates = input.args.map((arg) => {
      const match = PAIR.exec(arg)
      if (!match) throw new CliError(`${arg} is not TYPE=N, TYPE+N, TYPE-N or TYPE=N:SIZE.`)
      return { type: match[1]!.toLowerCase(), quantity: match[2]!, ...(match[3] ? { size: match[3] } : {}) }
    })
    await ctx.action('Scaling dynos', () => ctx.api.patch<FormationJson[]>(appPath(app, '/formation'), { updates }),
      (f) => `done, now running ${f.filter((e) => updates.some((u) => u.type === e.type)).map((e) => `${e.type} at ${e.quantity}:${e.size}`).join(', ')}`)
  },
}
export default command
