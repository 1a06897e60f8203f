import { JSON_FLAG, type Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { header, table } from '../../format.js'
import { appPath } from '../../paths.js'
import { STAGE_ORDER } from '../../pipeline-stages.js'
import type { PipelineCouplingJson, PipelineJson, PipelineReleaseJson } from '../../wire.js'

const command: Command = {
  summary: "show a pipeline's apps by stage, with each app's current release and commit",
  args: [{ name: 'pipeline', required: true }],
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const ref = encode(input.args[0]!)
    const pipeline = await ctx.api.get<PipelineJson>(`/pipelines/${ref}`)
    const [couplings, releases] = await Promise.all([
      ctx.api.get<PipelineCouplingJson[]>(`/pipelines/${pipeline.id}/pipeline-couplings`),
      ctx.api.get<PipelineReleaseJson[]>(`/pipelines/${pipeline.id}/latest-releases`),
    ])
    // What each app serves: its current release, and the commit of that release's slug.
    const current = new Map<string, { release: PipelineReleaseJson | undefined; commit: string | null }>()
    for (const coupling of couplings) {
      const release = releases.find((r) => r.app.id === coupling.app.id)
      const slug = release?.slug ? await ctx.api.get<{ commit: string | null }>(appPath(coupling.app.id, `/slugs/${release.slug.id}`)).catch(() => null) : null
      current.set(coupling.app.id, { release, commit: slug?.commit ?? null })
    }
    if (input.flags.json) return ctx.json({ pipeline, apps: couplings.map((c) => ({ ...c, release: current.get(c.app.id)?.release ?? null, commit: current.get(c.app.id)?.commit ?? null })) })
    ctx.out(header(pipeline.name))
    ctx.out()
    const sorted = [...couplings].sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) || a.app.name.localeCompare(b.app.name))
    ctx.out(table(sorted.map((c) => {
      const { release, commit } = current.get(c.app.id)!
      return [c.app.name, c.stage, release ? `v${release.version}` : '', commit ? commit.slice(0, 8) : '', release?.description ?? '']
    }), ['App', 'Stage', 'Release', 'Commit', 'Description']))
  },
}
export default command
