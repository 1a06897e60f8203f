import { JSON_FLAG, type Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { berthRemoteUrl, insideGitRepo, setRemote } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import type { AppJson } from '../../wire.js'

const command: Command = {
  summary: 'create an app (and the git remote `berth` when run in a git repository)',
  args: [{ name: 'app' }],
  flags: {
    remote: { char: 'r', type: 'string', description: 'name of the git remote to add (default berth)' },
    'no-remote': { type: 'boolean', description: 'do not add a git remote' },
    buildpack: { char: 'b', type: 'string', description: 'the buildpack to build with' },
    region: { type: 'string', description: 'a region label: us (the default) or eu; every app runs on this Berth' },
    stack: { char: 's', type: 'string', description: 'the stack builds see as STACK: berth-24 (the default), heroku-22 or heroku-24' },
    ...JSON_FLAG,
  },
  async run(ctx, input) {
    const [name] = input.args
    // Heroku compat: `Creating ⬢ demo... done`, and the generated name only when berth chose it.
    const region = stringFlag(input, 'region')
    const stack = stringFlag(input, 'stack')
    const app = await ctx.action(`Creating ${name ? `⬢ ${name}` : 'app'}`, () => ctx.api.post<AppJson>('/apps', { name, region, stack }),
      (a) => [name ? 'done' : `done, ⬢ ${a.name}`, ...(region ? [`region is ${a.region.name}`] : []), ...(stack ? [`stack is ${a.stack.name}`] : [])].join(', '))
    const buildpack = stringFlag(input, 'buildpack')
    if (buildpack) await ctx.api.put(appPath(app.name, '/buildpack-installations'), { updates: [{ buildpack }] })
    if (input.flags.json) return ctx.json(app)
    const url = berthRemoteUrl(ctx.apiUrl, app.name)
    ctx.out(`${app.web_url} | ${url}`)
    if (!input.flags['no-remote'] && (await insideGitRepo(ctx.cwd))) {
      const remote = stringFlag(input, 'remote') ?? 'berth'
      await setRemote(ctx.cwd, remote, url)
      ctx.out(`Git remote ${remote} added`)
    }
  },
}
export default command
