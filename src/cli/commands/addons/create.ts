import { JSON_FLAG, type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import type { AddonJson } from '../../wire.js'

const command: Command = {
  summary: 'create an add-on and attach it (a new release; e.g. berth-postgresql, berth-redis:dev)',
  app: true,
  args: [{ name: 'service:plan', required: true }],
  flags: {
    as: { type: 'string', description: 'attachment name (default DATABASE, REDIS, …): sets <AS>_URL' },
    name: { type: 'string', description: "the add-on's own name" },
    ...JSON_FLAG,
  },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const spec = input.args[0]!
    const as = stringFlag(input, 'as')
    const addon = await ctx.action(`Creating ${spec} on ⬢ ${app}`, () =>
      ctx.api.post<AddonJson>(appPath(app, '/addons'), { plan: { name: spec }, attachment: as ? { name: as } : {}, name: stringFlag(input, 'name'), config: {} }),
    (a) => (a.plan.price.cents === 0 ? 'free' : `$${a.plan.price.cents / 100}/month`))
    if (input.flags.json) return ctx.json(addon)
    if (addon.state === 'deprovisioned') throw new CliError(`${addon.name} could not be created.`)
    ctx.out(`Created ${addon.name} as ${addon.config_vars.join(', ')}`)
    ctx.out(`berth addons:info ${addon.name} -a ${app} shows it; berth config -a ${app} shows its variables.`)
  },
}
export default command
