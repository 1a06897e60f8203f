import { spawn } from 'node:child_process'
import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { berthRemoteUrl } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import { namedApp } from '../../resolve-app.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: "clone an app's git repository (authenticating with your stored login) into DIRECTORY",
  args: [{ name: 'directory' }],
  flags: {
    app: { char: 'a', type: 'string', description: 'the app' },
    remote: { char: 'r', type: 'string', description: 'the remote name (default berth)' },
  },
  async run(ctx, input) {
    const name = namedApp(stringFlag(input, 'app'), ctx.env)
    const app = await ctx.api.get<AppJson>(appPath(name))
    const dir = input.args[0] ?? app.name
    // git authenticates through ~/.netrc, which `berth login` wrote.
    const code = await new Promise<number>((resolve, reject) => {
      const git = spawn('git', ['clone', '--origin', stringFlag(input, 'remote') ?? 'berth', berthRemoteUrl(ctx.apiUrl, app.name), dir], { cwd: ctx.cwd, stdio: 'inherit' })
      git.on('error', reject)
      git.on('close', (c) => resolve(c ?? 1))
    })
    if (code !== 0) throw new CliError(`git clone failed (exit ${code}).`)
  },
}
export default command
