import type { CliContext } from './context.js'
import { absoluteTime, relativeTime, table, truncate } from './format.js'
import type { ReleaseJson } from './wire.js'

/** One row per release as `berth releases` prints them: version, description and status, who, when. */
export function releaseTable(ctx: CliContext, releases: readonly ReleaseJson[]): string {
  return table(releases.map((r) => [
    r.current ? ctx.style.bold(`v${r.version}`) : `v${r.version}`,
    truncate(r.description, 50) + statusNote(ctx, r),
    r.user.email,
    `${absoluteTime(r.created_at)} (~ ${relativeTime(r.created_at, ctx.now())})`,
  ]))
}

function statusNote(ctx: CliContext, release: ReleaseJson): string {
  switch (release.status) {
    case 'pending': return ctx.style.yellow(' (pending)')
    case 'failed': return ctx.style.red(' (failed)')
    case 'expired': return ctx.style.dim(' (expired)')
    default: return ''
  }
}

/** Streams a release's release-phase output to stdout (the URL carries its own token). */
export async function printReleaseOutput(ctx: CliContext, release: ReleaseJson): Promise<boolean> {
  if (!release.output_stream_url) return false
  const response = await ctx.api.stream(release.output_stream_url).catch(() => null)
  if (!response?.body) return false
  for await (const chunk of response.body) process.stdout.write(chunk as Uint8Array)
  return true
}
