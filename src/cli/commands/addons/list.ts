import { JSON_FLAG, type Command } from '../../command.js'
import { table } from '../../format.js'
import { appPath } from '../../paths.js'
import type { AddonJson, AttachmentJson } from '../../wire.js'

const STATE: Record<string, string> = { provisioned: 'created', provisioning: 'creating', deprovisioning: 'destroying', deprovisioned: 'errored' }

const command: Command = {
  summary: "list an app's add-ons and what they are attached as (--all: every app's)",
  app: true,
  flags: { all: { char: 'A', type: 'boolean', description: 'add-ons of all your apps' }, ...JSON_FLAG },
  async run(ctx, input) {
    const app = input.flags.all ? null : await ctx.app(input)
    const [addons, attachments] = await Promise.all([
      ctx.api.get<AddonJson[]>(app ? appPath(app, '/addons') : '/addons'),
      ctx.api.get<AttachmentJson[]>(app ? appPath(app, '/addon-attachments') : '/addon-attachments'),
    ])
    const withAttachments = addons.map((a) => ({ ...a, attachments: attachments.filter((t) => t.addon.id === a.id) }))
    if (input.flags.json) return ctx.json(withAttachments)
    if (addons.length === 0) return ctx.out(app ? `No add-ons for app ${app}.` : 'No add-ons.')
    const rows = withAttachments.flatMap((a) => [
      [`${a.addon_service.name} (${a.name})`, a.plan.name.split(':').at(-1)!, a.plan.price.cents === 0 ? 'free' : `$${a.plan.price.cents / 100}/month`, STATE[a.state] ?? a.state, ...(app ? [] : [a.app.name])],
      ...a.attachments.map((t) => [ctx.style.dim(` └─ as ${t.name}`), '', '', '', ...(app ? [] : [''])]),
    ])
    ctx.out(table(rows, ['Add-on', 'Plan', 'Price', 'State', ...(app ? [] : ['App'])]))
  },
}
export default command
