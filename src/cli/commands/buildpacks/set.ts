import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: 'set the buildpack used from the next build on (heroku/nodejs, a git URL, or an allowed path)',
  app: true,
  args: [{ name: 'buildpack', required: true }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    await ctx.api.put(appPath(app, '/buildpack-installations'), { updates: [{ buildpack: input.args[0] }] })
    ctx.out(`Buildpack set. Next release on ${app} will use ${input.args[0]}.`)
    ctx.out('Run git push berth main to create a new release using this buildpack.')
  },
}
export default command
