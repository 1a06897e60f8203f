import { JSON_FLAG, type Command } from '../../command.js'
import { header } from '../../format.js'
import type { PipelineJson } from '../../wire.js'

const command: Command = {
  summary: 'list the pipelines you own or have an app in',
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const pipelines = await ctx.api.get<PipelineJson[]>('/pipelines')
    if (input.flags.json) return ctx.json(pipelines)
    ctx.out(header('My Pipelines'))
    for (const pipeline of pipelines) ctx.out(pipeline.name)
  },
}
export default command
