import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { DynoMatch } from '../rollout/runtime.js'
import type { ServiceDeps } from './service-deps.js'

/** not_found unless a running dyno has the name or type `match` gives; an empty match is every dyno. */
export function requireDynoMatch(deps: Pick<ServiceDeps, 'runtime'>, app: App, match: DynoMatch): void {
  if (match.name === undefined && match.type === undefined) return
  const found = deps.runtime.dynos(app.id).some((d) => (match.name === undefined || d.name === match.name) && (match.type === undefined || d.type === match.type))
  if (!found) throw notFound('dyno')
}
