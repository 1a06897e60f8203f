import { PlatformError } from '../errors/platform-error.js'

/** At most this many apps in one promotion. */
export const MAX_PROMOTION_TARGETS = 50

export interface PromotionInput {
  pipelineId: string
  sourceAppId: string
  /** The source release (id or version); its app's current release when absent. */
  sourceRelease: string | null
  targetAppIds: string[]
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function idAt(value: unknown, path: string[]): unknown {
  let at = value
  for (const key of path) at = isObject(at) ? at[key] : undefined
  return at
}

function identity(value: unknown, field: string): string {
  // Ids and names only: short, printable, no NUL, so nothing odd reaches a query or a log line.
  if (typeof value !== 'string' || !/^[\x21-\x7e]{1,100}$/.test(value)) throw new PlatformError('invalid_params', `${field} must be an id or name.`)
  return value
}

/** Heroku's pipeline-promotion body: `{pipeline: {id}, source: {app: {id}, release?: {id}}, targets: [{app: {id}}]}`. */
export function parsePromotionInput(body: unknown): PromotionInput {
  const pipelineId = identity(idAt(body, ['pipeline', 'id']), 'pipeline.id')
  const sourceAppId = identity(idAt(body, ['source', 'app', 'id']), 'source.app.id')
  const release = idAt(body, ['source', 'release', 'id'])
  const sourceRelease = release === undefined || release === null ? null : identity(typeof release === 'number' ? String(release) : release, 'source.release.id')
  const targets = isObject(body) ? body.targets : undefined
  if (!Array.isArray(targets) || targets.length === 0) throw new PlatformError('invalid_params', 'targets must list at least one app.')
  if (targets.length > MAX_PROMOTION_TARGETS) throw new PlatformError('invalid_params', `A promotion has at most ${MAX_PROMOTION_TARGETS} targets.`)
  const targetAppIds = targets.map((target, i) => identity(idAt(target, ['app', 'id']), `targets[${i}].app.id`))
  if (new Set(targetAppIds).size !== targetAppIds.length) throw new PlatformError('invalid_params', 'targets name an app twice.')
  return { pipelineId, sourceAppId, sourceRelease, targetAppIds }
}
