import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'stop a log drain (by URL or token)',
  app: true,
  args: [{ name: 'url', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const drain = await ctx.api.delete<{ url: string }>(appPath(app, `/log-drains/${encodeURIComponent(input.args[0]!)}`))
    ctx.out(`Successfully removed drain ${drain.url}`)
  },
}
export default command
