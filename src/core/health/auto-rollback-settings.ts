import { PlatformError } from '../errors/platform-error.js'

/** An app's automatic rollback after cutover (ADR 0014): off by default. */
export interface AutoRollbackSettings {
  enabled: boolean
  /** A 5xx rate (0–1) the new release must stay under. */
  errorRate: number
  /** How many times the replaced release's p95 service time the new one may take. */
  p95Factor: number
  /** Crashes of the new release's dynos it may have in the window. */
  maxCrashes: number
  /** How long after cutover the new release is watched. */
  windowSeconds: number
  /** Requests the new release must have answered before its rates count for anything. */
  minRequests: number
}

export const DEFAULT_AUTO_ROLLBACK: Readonly<AutoRollbackSettings> = Object.freeze({
  enabled: false, errorRate: 0.05, p95Factor: 2, maxCrashes: 3, windowSeconds: 300, minRequests: 100,
})

// Each setting as the API names it, with its field and range.
const FIELDS = {
  error_rate: ['errorRate', 0.001, 1],
  p95_factor: ['p95Factor', 1.1, 100],
  max_crashes: ['maxCrashes', 1, 1000],
  window_seconds: ['windowSeconds', 30, 3600],
  min_requests: ['minRequests', 10, 1_000_000],
} as const
const WHOLE = new Set(['max_crashes', 'window_seconds', 'min_requests'])

/**
 * The settings after a change through the API (`{enabled, error_rate, …}`): each field given is
 * checked (an `invalid_params` error names the first that is wrong), the others stay as they were.
 */
export function changeAutoRollback(current: AutoRollbackSettings, patch: Record<string, unknown>): AutoRollbackSettings {
  const next = { ...current }
  for (const [name, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (name === 'enabled') {
      if (typeof value !== 'boolean') throw new PlatformError('invalid_params', 'enabled must be true or false')
      next.enabled = value
      continue
    }
    if (!(name in FIELDS)) throw new PlatformError('invalid_params', `${name} is not a setting of automatic rollback; it has enabled, ${Object.keys(FIELDS).join(', ')}`)
    const [field, min, max] = FIELDS[name as keyof typeof FIELDS]
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      throw new PlatformError('invalid_params', `${name} must be a number from ${min} to ${max}`)
    }
    if (WHOLE.has(name) && !Number.isInteger(value)) throw new PlatformError('invalid_params', `${name} must be a whole number`)
    next[field] = value
  }
  return next
}
