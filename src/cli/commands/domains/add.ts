import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'route a custom hostname to the app',
  app: true,
  args: [{ name: 'hostname', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const domain = await ctx.action(`Adding ${input.args[0]} to ⬢ ${app}`, () => ctx.api.post<{ cname: string }>(appPath(app, '/domains'), { hostname: input.args[0] }))
    ctx.out(`Point ${input.args[0]}'s DNS (a CNAME) at ${domain.cname}.`)
  },
}
export default command
