import { type Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { berthRemoteUrl, replaceRemotes } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: 'permanently destroy an app, its releases, add-ons and their data',
  app: true,
  args: [{ name: 'app' }],
  flags: { confirm: { char: 'c', type: 'string', description: "the app's name, to confirm" } },
  async run(ctx, input) {
    const name = input.args[0] ?? (await ctx.app(input))
    const app = await ctx.api.get<AppJson>(appPath(name))
    await ctx.confirm(app.name, stringFlag(input, 'confirm'), `This will permanently destroy ${app.name}, with its releases, add-ons and their data.`)
    await ctx.action(`Destroying ⬢ ${app.name} (including all add-ons)`, () => ctx.api.delete(appPath(app.id)))
    // berth's own remotes, and the https ones the heroku CLI writes.
    const removed = [...(await replaceRemotes(ctx.cwd, berthRemoteUrl(ctx.apiUrl, app.name), null)), ...(await replaceRemotes(ctx.cwd, app.git_url, null))]
    if (removed.length > 0) ctx.out(`Git remote ${removed.join(', ')} removed`)
  },
}
export default command
