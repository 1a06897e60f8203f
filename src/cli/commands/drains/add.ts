import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: "send the app's logs to a syslog (syslog://, syslog+tls://) or HTTPS receiver",
  app: true,
  args: [{ name: 'url', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const drain = await ctx.api.post<{ url: string; token: string }>(appPath(app, '/log-drains'), { url: input.args[0] })
    ctx.out(`Successfully added drain ${drain.url} (${drain.token})`)
  },
}
export default command
