import type { CliContext } from './context.js'
import { absoluteTime, relativeTime, table, truncate } from './format.js'
import { appPath } from './paths.js'
import type { ReleaseJson } from './wire.js'

/** A release by version, `vN` or id; without one, the newest release (as Heroku's commands pick it). */
export async function findRelease(ctx: CliContext, app: string, ref?: string): Promise<ReleaseJson> {
  if (ref !== undefined) return ctx.api.get<ReleaseJson>(appPath(app, `/releases/${encodeURIComponent(ref)}`))
  const [newest] = await ctx.api.get<ReleaseJson[]>(appPath(app, '/releases'), { Range: 'version ..; max=1, order=desc' })
  return newest!
}

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
