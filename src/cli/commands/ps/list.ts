import { JSON_FLAG, type Command } from '../../command.js'
import { absoluteTime, header, relativeTime } from '../../format.js'
import { appPath } from '../../paths.js'
import type { DynoJson, FormationJson } from '../../wire.js'

const ONE_OFF = /^(run|release)$/

const command: Command = {
  summary: "list an app's dynos by process type, with their state and since when",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const [dynos, formation] = await Promise.all([ctx.api.get<DynoJson[]>(appPath(app, '/dynos')), ctx.api.get<FormationJson[]>(appPath(app, '/formation'))])
    if (input.flags.json) return ctx.json(dynos)
    const since = (d: DynoJson) => `${d.state} ${absoluteTime(d.updated_at)} (~ ${relativeTime(d.updated_at, ctx.now())})`
    const byNumber = (a: DynoJson, b: DynoJson) => Number(a.name.split('.')[1]) - Number(b.name.split('.')[1])
    const oneOffs = dynos.filter((d) => ONE_OFF.test(d.type)).sort(byNumber)
    if (oneOffs.length > 0) {
      ctx.out(header(`run: one-off processes (${oneOffs.length})`))
      for (const d of oneOffs) ctx.out(`${d.name} (${d.size}): ${since(d)}: ${d.command}`)
      ctx.out()
    }
    for (const f of formation.filter((e) => !ONE_OFF.test(e.type) && e.quantity > 0)) {
      const mine = dynos.filter((d) => d.type === f.type).sort(byNumber)
      ctx.out(header(`${f.type} (${f.size}): ${f.command} (${f.quantity})`))
      for (const d of mine) ctx.out(`${d.name}: ${since(d)}`)
      ctx.out()
    }
    if (dynos.length === 0 && formation.every((f) => f.quantity === 0)) ctx.out(`No dynos on ⬢ ${app}`)
  },
}
export default command
