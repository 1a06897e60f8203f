import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import { resolveAddon } from '../../resolve-addon.js'
import type { AddonJson } from '../../wire.js'

const command: Command = {
  summary: 'detach an add-on (a new release) and destroy it with its data',
  app: true,
  args: [{ name: 'addon', required: true }],
  flags: { confirm: { char: 'c', type: 'string', description: "the app's name, to confirm" } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const addon = await resolveAddon(ctx, input.args[0]!, app)
    if (addon.app.name !== app) throw new CliError(`${addon.name} belongs to ${addon.app.name}, not ${app}.`)
    await ctx.confirm(app, stringFlag(input, 'confirm'), `This will destroy ${addon.name} on ${app}, and all its data.`)
    const result = await ctx.action(`Destroying ${addon.name} on ⬢ ${app}`, () =>
      ctx.api.delete<AddonJson>(appPath(addon.app.id, `/addons/${addon.id}`), { force: false, confirm: app }),
    (a) => (a.state === 'deprovisioned' ? 'done' : 'pending'))
    if (result.state !== 'deprovisioned') ctx.out(`${addon.name} is detached; its server is unreachable, so Berth removes it in the background.`)
  },
}
export default command
