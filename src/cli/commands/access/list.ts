import { JSON_FLAG, type Command } from '../../command.js'
import { header, table } from '../../format.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'list who can use the app',
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const members = await ctx.api.get<{ role: string; user: { email: string } }[]>(appPath(app, '/collaborators'))
    if (input.flags.json) return ctx.json(members)
    ctx.out(header(`${app} Access List`))
    ctx.out(table(members.map((m) => [m.user.email, m.role])))
  },
}
export default command
