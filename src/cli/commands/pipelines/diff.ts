import { JSON_FLAG, type Command } from '../../command.js'
import { header } from '../../format.js'
import { appPath } from '../../paths.js'
import { nextStage } from '../../pipeline-stages.js'
import type { PipelineCouplingJson, ReleaseDiffJson, ReleaseJson } from '../../wire.js'
import { formatDiff } from '../releases/diff.js'
import { CliError } from '../../cli-error.js'

const command: Command = {
  summary: 'what promoting the app would change on each app of the next stage: commits, config keys, add-ons, process types',
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const coupling = await ctx.api.get<PipelineCouplingJson>(appPath(app, '/pipeline-couplings'))
    const stage = nextStage(coupling.stage)
    const downstream = (await ctx.api.get<PipelineCouplingJson[]>(`/pipelines/${coupling.pipeline.id}/pipeline-couplings`)).filter((c) => c.stage === stage)
    if (downstream.length === 0) throw new CliError(`${app} has no downstream apps to compare with.`)
    const [current] = await ctx.api.get<ReleaseJson[]>(appPath(app, '/releases'), { Range: 'version ..; max=50, order=desc' }).then((rs) => rs.filter((r) => r.current))
    if (!current) throw new CliError(`${app} has no current release.`)
    const diffs: ReleaseDiffJson[] = []
    for (const target of downstream) {
      diffs.push(await ctx.api.get<ReleaseDiffJson>(appPath(app, `/releases/${current.version}/diff?from_app=${encodeURIComponent(target.app.id)}`)))
    }
    if (input.flags.json) return ctx.json(diffs)
    for (const [i, diff] of diffs.entries()) {
      ctx.out(header(`${app} v${diff.to.version} → ${downstream[i]!.app.name} (now v${diff.from.version})`))
      for (const line of formatDiff(ctx, diff, { releases: false })) ctx.out(line)
      ctx.out()
    }
  },
}
export default command
