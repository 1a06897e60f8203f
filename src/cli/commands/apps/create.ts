import { JSON_FLAG, type Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { berthRemoteUrl, insideGitRepo, setRemote } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import { followAppSetup } from '../../follow-app-setup.js'
import { uploadGitSource } from '../../git-source.js'
import { readSetupSource } from '../../setup-source.js'
import type { AppJson, AppSetupJson } from '../../wire.js'

const command: Command = {
  summary: 'create an app (and the git remote `berth` when run in a git repository), or set one up from a tarball\'s app.json with --from',
  args: [{ name: 'app' }],
  flags: {
    remote: { char: 'r', type: 'string', description: 'name of the git remote to add (default berth)' },
    'no-remote': { type: 'boolean', description: 'do not add a git remote' },
    buildpack: { char: 'b', type: 'string', description: 'the buildpack to build with' },
    region: { type: 'string', description: 'a region label: us (the default) or eu; every app runs on this Berth' },
    stack: { char: 's', type: 'string', description: 'the stack builds see as STACK: berth-24 (the default), heroku-22 or heroku-24' },
    from: { type: 'string', description: 'a gzipped tarball URL or a git repository with an app.json: the app gets its add-ons, config, formation and postdeploy (a git repository is cloned here and uploaded)' },
    ...JSON_FLAG,
  },
  async run(ctx, input) {
    const [name] = input.args
    // Heroku compat: `Creating ⬢ demo... done`, and the generated name only when berth chose it.
    const region = stringFlag(input, 'region')
    const stack = stringFlag(input, 'stack')
    const buildpack = stringFlag(input, 'buildpack')
    const from = stringFlag(input, 'from')
    const creating = `Creating ${name ? `⬢ ${name}` : 'app'}`
    const created = (a: { name: string }) => name ? 'done' : `done, ⬢ ${a.name}`
    let app: AppJson
    if (from === undefined) {
      app = await ctx.action(creating, () => ctx.api.post<AppJson>('/apps', { name, region, stack }),
        (a) => [created(a), ...(region ? [`region is ${a.region.name}`] : []), ...(stack ? [`stack is ${a.stack.name}`] : [])].join(', '))
      if (buildpack) await ctx.api.put(appPath(app.name, '/buildpack-installations'), { updates: [{ buildpack }] })
    } else {
      // POST /app-setups: the server reads the source's app.json and makes the app, or refuses and makes nothing.
      // A tarball it fetches itself; a git repository is cloned here, with the user's own access, and uploaded.
      const source = readSetupSource(from)
      const url = source.kind === 'tarball' ? source.url : await ctx.action(`Cloning ${source.url}`, () => uploadGitSource(ctx, source.url), () => 'done')
      const body = { source_blob: { url }, app: { name, region, stack }, overrides: buildpack ? { buildpacks: [{ url: buildpack }] } : {} }
      const setup = await ctx.action(`${creating} from app.json`, () => ctx.api.post<AppSetupJson>('/app-setups', body), (s) => created(s.app))
      const finished = await followAppSetup(ctx, setup)
      app = await ctx.api.get<AppJson>(appPath(finished.app.name, ''))
      if (input.flags.json) return ctx.json(finished)
    }
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
