import { CliError } from './cli-error.js'
import type { CliContext } from './context.js'
import type { AppSetupJson } from './wire.js'

const POLL_MS = 500

/**
 * Follows an app setup to its end: the build's output as it runs, then the setup's status until it
 * settles, then the postdeploy script's output. A failed setup is an error naming why; its app stays.
 */
export async function followAppSetup(ctx: CliContext, created: AppSetupJson): Promise<AppSetupJson> {
  if (created.build?.output_stream_url) {
    const response = await ctx.api.stream(created.build.output_stream_url).catch(() => null)
    if (response?.body) for await (const chunk of response.body) process.stdout.write(chunk as Uint8Array)
  }
  const setup = await ctx.action(`Setting up ⬢ ${created.app.name}`, () => settled(ctx, created.id), (s) => s.status === 'succeeded' ? 'done' : 'failed')
  if (setup.postdeploy) {
    ctx.out(`Postdeploy script exited with status ${setup.postdeploy.exit_code}:`)
    ctx.out(setup.postdeploy.output.replace(/\n$/, ''))
  }
  if (setup.status === 'failed') throw new CliError(`The app setup failed: ${setup.failure_message ?? 'no reason given'} The app ${created.app.name} stays; destroy it with \`berth apps:destroy -a ${created.app.name}\`.`)
  return setup
}

async function settled(ctx: CliContext, id: string): Promise<AppSetupJson> {
  for (;;) {
    const setup = await ctx.api.get<AppSetupJson>(`/app-setups/${encodeURIComponent(id)}`)
    if (setup.status !== 'pending') return setup
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}
