import { spawn } from 'node:child_process'
import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: "open the app's web URL in a browser (or print it)",
  app: true,
  args: [{ name: 'path' }],
  async run(ctx, input) {
    const app = await ctx.api.get<AppJson>(appPath(await ctx.app(input)))
    const url = new URL(input.args[0] ?? '', app.web_url).toString()
    ctx.out(url)
    if (!ctx.interactive) return
    // Best effort: a desktop has xdg-open; a server over ssh has the URL printed above.
    const opener = spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [url], { stdio: 'ignore', detached: true })
    opener.on('error', () => {})
    opener.unref()
  },
}
export default command
