import { type Command } from '../../command.js'
import { encode } from '../../api-client.js'
import { stringFlag } from '../../parsed-input.js'
import { guessStage } from '../../pipeline-stages.js'
import type { PipelineCouplingJson, PipelineJson } from '../../wire.js'

const command: Command = {
  summary: 'add the app to a pipeline (stage guessed from the app name)',
  app: true,
  args: [{ name: 'pipeline', required: true }],
  flags: { stage: { char: 's', type: 'string', description: 'the stage of the app: review, development, staging or production' } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const pipeline = await ctx.api.get<PipelineJson>(`/pipelines/${encode(input.args[0]!)}`)
    const stage = stringFlag(input, 'stage') ?? guessStage(app).stage
    await ctx.action(`Adding ⬢ ${app} to ${pipeline.name} pipeline as ${stage}`, () =>
      ctx.api.post<PipelineCouplingJson>('/pipeline-couplings', { app, pipeline: pipeline.id, stage }))
  },
}
export default command
