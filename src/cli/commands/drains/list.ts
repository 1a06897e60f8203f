import { JSON_FLAG, type Command } from '../../command.js'
import { header } from '../../format.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: "list an app's log drains",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const drains = await ctx.api.get<{ url: string; token: string }[]>(appPath(app, '/log-drains'))
    if (input.flags.json) return ctx.json(drains)
    if (drains.length === 0) return ctx.out(`${app} has no drains.`)
    ctx.out(header('Drains'))
    for (const d of drains) ctx.out(`${d.url} (${d.token})`)
  },
}
export default command
