import { JSON_FLAG, type Command } from '../../command.js'
import { byteSize, header, keyValues } from '../../format.js'
import { berthRemoteUrl } from '../../git-remote.js'
import { appPath } from '../../paths.js'
import type { AddonJson, AppJson, FormationJson } from '../../wire.js'

const command: Command = {
  summary: 'show an app: owner, URLs, add-ons, collaborators and dynos',
  app: true,
  args: [{ name: 'app' }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const name = input.args[0] ?? (await ctx.app(input))
    const [app, addons, collaborators, formation] = await Promise.all([
      ctx.api.get<AppJson>(appPath(name)),
      ctx.api.get<AddonJson[]>(appPath(name, '/addons')),
      ctx.api.get<{ role: string; user: { email: string } }[]>(appPath(name, '/collaborators')),
      ctx.api.get<FormationJson[]>(appPath(name, '/formation')),
    ])
    if (input.flags.json) return ctx.json({ app, addons, collaborators, formation })
    ctx.out(header(app.name))
    ctx.out(keyValues([
      ['Addons', addons.map((a) => `${a.plan.name} (${a.name})`).join(', ') || null],
      ['Collaborators', collaborators.filter((c) => c.role !== 'owner').map((c) => c.user.email).join(', ') || null],
      ['Dynos', formation.filter((f) => f.quantity > 0).map((f) => `${f.type}: ${f.quantity}`).join(', ') || null],
      ['Git URL', berthRemoteUrl(ctx.apiUrl, app.name)],
      ['Maintenance', app.maintenance ? 'on' : null],
      ['Owner', app.owner.email],
      ['Region', app.region.name],
      ['Repo Size', app.repo_size === null ? null : byteSize(app.repo_size)],
      ['Slug Size', app.slug_size === null ? null : byteSize(app.slug_size)],
      // Heroku compat: after stack:set, the stack the next build uses, as the heroku CLI shows it.
      ['Stack', app.stack.name === app.build_stack.name ? app.stack.name : `${app.stack.name} (next build will use ${app.build_stack.name})`],
      ['Web URL', app.web_url],
    ]))
  },
}
export default command
