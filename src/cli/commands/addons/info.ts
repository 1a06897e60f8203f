import { JSON_FLAG, type Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { header, keyValues } from '../../format.js'
import { appPath } from '../../paths.js'
import { resolveAddon } from '../../resolve-addon.js'
import type { AddonJson, AttachmentJson } from '../../wire.js'

const command: Command = {
  summary: 'show an add-on: plan, attachments, state, and live facts from its server',
  app: true,
  args: [{ name: 'addon', required: true }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = stringFlag(input, 'app') ?? (await ctx.app(input).catch(() => undefined))
    const resolved = await resolveAddon(ctx, input.args[0]!, app)
    const [addon, attachments] = await Promise.all([
      ctx.api.get<AddonJson>(appPath(resolved.app.id, `/addons/${resolved.id}`)),
      ctx.api.get<AttachmentJson[]>(`/addons/${resolved.id}/addon-attachments`),
    ])
    if (input.flags.json) return ctx.json({ ...addon, attachments })
    ctx.out(header(addon.name))
    ctx.out(keyValues([
      ['Plan', addon.plan.name],
      ['Price', addon.plan.price.cents === 0 ? 'free' : `$${addon.plan.price.cents / 100}/month`],
      ['Attachments', attachments.map((t) => `${t.app.name}::${t.name}`).join(', ')],
      ['Config vars', addon.config_vars.join(', ')],
      ['Owning app', addon.app.name],
      ['Installed at', new Date(addon.created_at).toString()],
      ['State', addon.state === 'provisioned' ? 'created' : addon.state],
      ...Object.entries(addon.provider_details ?? {}),
    ]))
  },
}
export default command
