import { type Command } from '../../command.js'
import { stringFlag } from '../../parsed-input.js'
import { guessStage } from '../../pipeline-stages.js'
import type { PipelineCouplingJson, PipelineJson } from '../../wire.js'

const command: Command = {
  summary: 'create a pipeline with the app as its first member (name and stage guessed from the app name)',
  app: true,
  args: [{ name: 'name' }],
  flags: { stage: { char: 's', type: 'string', description: 'the stage of the app: review, development, staging or production' } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const guess = guessStage(app)
    const name = input.args[0] ?? guess.pipeline
    const stage = stringFlag(input, 'stage') ?? guess.stage
    const pipeline = await ctx.action(`Creating ${name} pipeline`, () => ctx.api.post<PipelineJson>('/pipelines', { name }))
    await ctx.action(`Adding ⬢ ${app} to ${pipeline.name} pipeline as ${stage}`, () =>
      ctx.api.post<PipelineCouplingJson>('/pipeline-couplings', { app, pipeline: pipeline.id, stage }))
  },
}
export default command
