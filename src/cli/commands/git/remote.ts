import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { berthRemoteUrl, insideGitRepo, setRemote } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import { namedApp } from '../../resolve-app.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: "add (or re-point) a git remote for the app in this repository",
  flags: {
    app: { char: 'a', type: 'string', description: 'the app' },
    remote: { char: 'r', type: 'string', description: 'the remote name (default berth)' },
  },
  async run(ctx, input) {
    const name = namedApp(stringFlag(input, 'app'), ctx.env)
    if (!(await insideGitRepo(ctx.cwd))) throw new CliError('Not in a git repository.')
    const app = await ctx.api.get<AppJson>(appPath(name))
    const remote = stringFlag(input, 'remote') ?? 'berth'
    const url = berthRemoteUrl(ctx.apiUrl, app.name)
    await setRemote(ctx.cwd, remote, url)
    ctx.out(`set git remote ${remote} to ${url}`)
  },
}
export default command
