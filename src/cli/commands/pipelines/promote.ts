import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import type { CliContext } from '../../context.js'
import { stringFlag } from '../../parsed-input.js'
import { appPath } from '../../paths.js'
import { nextStage } from '../../pipeline-stages.js'
import type { PipelineCouplingJson, PromotionJson, PromotionTargetJson } from '../../wire.js'

const POLL_MS = 500

async function settled(ctx: CliContext, promotionId: string): Promise<PromotionTargetJson[]> {
  for (;;) {
    const targets = await ctx.api.get<PromotionTargetJson[]>(`/pipeline-promotions/${promotionId}/promotion-targets`)
    if (targets.every((t) => t.status !== 'pending')) return targets
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

const command: Command = {
  summary: "promote the app's current release (or --release vN) to the apps of the next stage (or --to)",
  app: true,
  flags: {
    to: { char: 't', type: 'string', description: 'comma-separated apps of the pipeline to promote to' },
    release: { type: 'string', description: 'the release to promote (vN or id); the current one by default' },
  },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const coupling = await ctx.api.get<PipelineCouplingJson>(appPath(app, '/pipeline-couplings'))
    const couplings = await ctx.api.get<PipelineCouplingJson[]>(`/pipelines/${coupling.pipeline.id}/pipeline-couplings`)
    const to = stringFlag(input, 'to')
    const stage = nextStage(coupling.stage)
    const targets = to !== undefined
      ? to.split(',').filter(Boolean).map((name) => couplings.find((c) => c.app.name === name || c.app.id === name) ?? Promise.reject(new CliError(`${name} is not in pipeline ${coupling.pipeline.name}.`)))
      : couplings.filter((c) => c.stage === stage)
    const resolved = await Promise.all(targets)
    if (resolved.length === 0) throw new CliError(stage ? `${coupling.pipeline.name} has no ${stage} app to promote ${app} to.` : `Cannot promote ${app} from its ${coupling.stage} stage; name the apps with --to.`)
    const release = stringFlag(input, 'release')
    const names = new Map(resolved.map((c) => [c.app.id, c.app.name]))
    const promotion = await ctx.action(`Promoting ⬢ ${app}${release ? ` ${release}` : ''} to ${[...names.values()].join(', ')}`, () => ctx.api.post<PromotionJson>('/pipeline-promotions', {
      pipeline: { id: coupling.pipeline.id },
      source: { app: { id: coupling.app.id }, ...(release ? { release: { id: release } } : {}) },
      targets: resolved.map((c) => ({ app: { id: c.app.id } })),
    }))
    const outcome = await ctx.action('Waiting for the releases to go live', () => settled(ctx, promotion.id))
    for (const target of outcome) ctx.out(`${names.get(target.app.id) ?? target.app.id}: ${target.status}${target.error_message ? ` (${target.error_message})` : ''}`)
    if (outcome.some((t) => t.status === 'failed')) throw new CliError('The promotion to some apps failed; they keep serving their previous release.')
  },
}
export default command
