import type { Command } from '../../command.js'
import { replaceRemotes } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: "rename an app (its URLs change; git remotes here follow)",
  app: true,
  args: [{ name: 'newname', required: true }],
  async run(ctx, input) {
    const current = await ctx.api.get<AppJson>(appPath(await ctx.app(input)))
    const renamed = await ctx.action(`Renaming ${current.name} to ${input.args[0]}`, () => ctx.api.patch<AppJson>(appPath(current.id), { name: input.args[0] }))
    ctx.out(`${renamed.web_url} | ${renamed.git_url}`)
    const updated = await replaceRemotes(ctx.cwd, current.git_url, renamed.git_url)
    if (updated.length > 0) ctx.out(`Git remote ${updated.join(', ')} updated`)
  },
}
export default command
