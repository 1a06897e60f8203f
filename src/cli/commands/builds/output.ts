import type { Command } from '../../command.js'
import { appPath } from '../../paths.js'

const command: Command = {
  summary: "show a build's output (the newest build without an id), following it while it runs",
  app: true,
  args: [{ name: 'build' }],
  async run(ctx, input) {
    const app = await ctx.app(input)
    const id = input.args[0] ?? (await ctx.api.get<{ id: string }[]>(appPath(app, '/builds'), { Range: 'created_at ..; max=1, order=desc' }))[0]?.id
    if (!id) return ctx.out(`${app} has no builds.`)
    const { output_stream_url: url } = await ctx.api.get<{ output_stream_url: string }>(appPath(app, `/builds/${encodeURIComponent(id)}`))
    const response = await ctx.api.stream(url, { authenticated: true })
    for await (const chunk of response.body!) process.stdout.write(chunk as Uint8Array)
  },
}
export default command
