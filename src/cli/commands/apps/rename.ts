import type { Command } from '../../command.js'
import { berthRemoteUrl, replaceRemotes } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: "rename an app (its URLs change; git remotes here follow)",
  app: true,
  args: [{ name: 'newname', required: true }],
  async run(ctx, input) {
    const current = await ctx.api.get<AppJson>(appPath(await ctx.app(input)))
    const renamed = await ctx.action(`Renaming ${current.name} to ${input.args[0]}`, () => ctx.api.patch<AppJson>(appPath(current.id), { name: input.args[0] }))
    const url = berthRemoteUrl(ctx.apiUrl, renamed.name)
    ctx.out(`${renamed.web_url} | ${url}`)
    // berth's own remotes, and the https ones the heroku CLI writes.
    const updated = [
      ...(await replaceRemotes(ctx.cwd, berthRemoteUrl(ctx.apiUrl, current.name), url)),
      ...(await replaceRemotes(ctx.cwd, current.git_url, renamed.git_url)),
    ]
    if (updated.length > 0) ctx.out(`Git remote ${updated.join(', ')} updated`)
  },
}
export default command
