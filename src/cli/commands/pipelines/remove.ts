import { type Command } from '../../command.js'
import { appPath } from '../../paths.js'
import type { PipelineCouplingJson } from '../../wire.js'

const command: Command = {
  summary: 'take the app out of its pipeline (the app itself is untouched)',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const coupling = await ctx.api.get<PipelineCouplingJson>(appPath(app, '/pipeline-couplings'))
    await ctx.action(`Removing ⬢ ${app} from ${coupling.pipeline.name}`, () => ctx.api.delete(`/pipeline-couplings/${coupling.id}`))
  },
}
export default command
