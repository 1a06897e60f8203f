import { JSON_FLAG, type Command } from '../../command.js'
import { header } from '../../format.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: 'list your apps',
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const apps = await ctx.api.get<AppJson[]>('/apps')
    if (input.flags.json) return ctx.json(apps)
    const { email } = await ctx.api.get<{ email: string }>('/account')
    ctx.out(header(`${email} Apps`))
    ctx.out()
    for (const app of apps) ctx.out(app.maintenance ? `${app.name} (maintenance)` : app.name)
  },
}
export default command
