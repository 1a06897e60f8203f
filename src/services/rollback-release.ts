import { actorOf, type Account } from '../core/accounts/account.js'
import { notFound } from '../core/errors/platform-error.js'
import { parseReleaseRef } from '../core/releases/parse-release-ref.js'
import { planRollback } from '../core/releases/plan-rollback.js'
import { authorizeApp } from './authorize-app.js'
import { currentSlugId } from './current-slug-id.js'
import type { AppRelease } from './get-release.js'
import { logApiEvent } from './log-api-event.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * Rolls forward to a copy of an earlier release: a new release with the
 * target's slug and user config vars. Add-ons are untouched. Returns once the
 * release is live or failed, or at once (still pending) with `wait: false`.
 */
export async function rollbackRelease(deps: ServiceDeps, caller: Account, appRef: string, targetRef: unknown, options: { wait?: boolean } = {}): Promise<AppRelease> {
  const app = await authorizeApp(deps, caller, appRef)
  const target = await deps.store.getRelease(app.id, parseReleaseRef(targetRef))
  if (!target) throw notFound('release')
  const release = (await deps.store.appendRelease(app.id, (ctx) => planRollback(ctx, target, actorOf(caller))))!
  const published = publishRelease(deps, release)
  if (options.wait !== false) {
    const settled = await published
    return { app, release: settled, currentSlugId: await currentSlugId(deps, app, settled) }
  }
  published.catch((error: unknown) => logApiEvent(deps, app.id, `Release v${release.version} could not be rolled out: ${(error as Error).message}`, release.version))
  return { app, release, currentSlugId: await currentSlugId(deps, app, release) }
}
