import { JSON_FLAG, type Command } from '../../command.js'
import { header } from '../../format.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: "list the app's buildpacks (none set: detected at each build)",
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const installed = await ctx.api.get<{ buildpack: { url: string }; ordinal: number }[]>(appPath(app, '/buildpack-installations'))
    if (input.flags.json) return ctx.json(installed)
    if (installed.length === 0) return ctx.out(`${app} has no buildpack set; each build detects one.`)
    ctx.out(header(`${app} Buildpack${installed.length > 1 ? 's' : ''}`))
    for (const b of installed) ctx.out(installed.length > 1 ? `${b.ordinal + 1}. ${b.buildpack.url}` : b.buildpack.url)
  },
}
export default command
