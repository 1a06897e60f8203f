import { JSON_FLAG, type Command } from '../../command.js'
import { header, keyValues } from '../../format.js'
import { appPath } from '../../paths.js'
import type { ConfigVarsJson } from '../../wire.js'

export function shellLine(key: string, value: string): string {
  return `${key}=${/^[\w@%+=:,./-]*$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`}`
}

const command: Command = {
  summary: "show an app's config vars",
  app: true,
  flags: { shell: { char: 's', type: 'boolean', description: 'print as KEY=value lines for a shell' }, ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const vars = await ctx.api.get<ConfigVarsJson>(appPath(app, '/config-vars'))
    if (input.flags.json) return ctx.json(vars)
    const entries = Object.entries(vars).sort(([a], [b]) => a.localeCompare(b))
    if (input.flags.shell) return entries.forEach(([k, v]) => ctx.out(shellLine(k, v)))
    ctx.out(header(`${app} Config Vars`))
    if (entries.length > 0) ctx.out(keyValues(entries))
  },
}
export default command
