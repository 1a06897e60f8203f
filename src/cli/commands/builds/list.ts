import { JSON_FLAG, type Command } from '../../command.js'
import { absoluteTime, header, table } from '../../format.js'
import { appPath } from '../../paths.js'

interface BuildJson { id: string; status: string; created_at: string; user: { email: string }; source_blob: { version: string | null }; release: { id: string } | null }

const command: Command = {
  summary: "list an app's builds, newest first",
  app: true,
  flags: { num: { char: 'n', type: 'string', description: 'how many (default 15)' }, ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const builds = await ctx.api.get<BuildJson[]>(appPath(app, '/builds'), { Range: `created_at ..; max=${Number(input.flags.num ?? 15)}, order=desc` })
    if (input.flags.json) return ctx.json(builds)
    ctx.out(header(`${app} Builds`))
    ctx.out()
    ctx.out(table(builds.map((b) => [b.id, b.status, b.source_blob.version?.slice(0, 8) ?? '', b.user.email, absoluteTime(b.created_at)])))
  },
}
export default command
