import { JSON_FLAG, type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { stringFlag } from '../../parsed-input.js'
import { header } from '../../format.js'
import { appPath } from '../../paths.js'
import { releaseTable } from '../../release-lines.js'
import type { ReleaseJson } from '../../wire.js'

const command: Command = {
  summary: "list an app's releases, newest first",
  app: true,
  flags: { num: { char: 'n', type: 'string', description: 'how many (default 15)' }, ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const count = Number(stringFlag(input, 'num') ?? 15)
    if (!Number.isInteger(count) || count < 1) throw new CliError('--num must be a positive whole number.')
    const releases = await ctx.api.get<ReleaseJson[]>(appPath(app, '/releases'), { Range: `version ..; max=${count}, order=desc` })
    if (input.flags.json) return ctx.json(releases)
    const current = releases.find((r) => r.current)
    ctx.out(header(`${app} Releases${current ? ` - Current: v${current.version}` : ''}`))
    ctx.out()
    ctx.out(releases.length === 0 ? `${app} has no releases.` : releaseTable(ctx, releases))
  },
}
export default command
