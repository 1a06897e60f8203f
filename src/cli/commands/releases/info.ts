import { JSON_FLAG, type Command } from '../../command.js'
import { header, keyValues } from '../../format.js'
import { appPath } from '../../paths.js'
import { findRelease } from '../../release-lines.js'
import type { ConfigVarsJson } from '../../wire.js'

const command: Command = {
  summary: 'show one release (the newest without a version) and its config vars',
  app: true,
  args: [{ name: 'release' }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const release = await findRelease(ctx, app, input.args[0])
    const config = await ctx.api.get<ConfigVarsJson>(appPath(app, `/releases/${release.id}/config-vars`))
    if (input.flags.json) return ctx.json({ ...release, config_vars: config })
    ctx.out(header(`Release v${release.version}`))
    ctx.out(keyValues([
      ['Add-ons', release.addon_plan_names.join(', ') || null],
      ['By', release.user.email],
      ['Change', release.description],
      ['Eligible for Rollback?', release.eligible_for_rollback ? 'Yes' : 'No'],
      ['Status', `${release.status}${release.current ? ' (current)' : ''}`],
      ['When', release.created_at],
    ]))
    ctx.out()
    ctx.out(header(`v${release.version} Config vars`))
    ctx.out(keyValues(Object.entries(config)) || '(none)')
  },
}
export default command
