import { PlatformError } from '../errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../processes/check-process-string.js'

/** An app's environment: names to string values. */
export type ConfigVars = Readonly<Record<string, string>>

/** A requested change: a string sets a key, `null` removes it. */
export type ConfigPatch = Readonly<Record<string, string | null>>

export const CONFIG_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/
// Heroku compat: all keys and values of an app together stay within 32 kB.
export const MAX_CONFIG_BYTES = 32 * 1024

/** Validates a PATCH body from the wire into a ConfigPatch. */
export function parseConfigPatch(body: unknown): ConfigPatch {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new PlatformError('invalid_params', 'Config vars must be a JSON object of names to string values.')
  }
  // Object.fromEntries defines every key as its own property, `__proto__` included, where
  // `patch[key] = value` would set the prototype instead: user keys are ordinary names.
  return Object.fromEntries(Object.entries(body).map(([key, value]: [string, unknown]): [string, string | null] => {
    if (!CONFIG_KEY_PATTERN.test(key) || key.length > PROCESS_STRING_LIMITS.envNameBytes) {
      throw new PlatformError(
        'invalid_params',
        `Invalid config var name ${JSON.stringify(key.slice(0, 80))}: names may contain only letters, digits and underscores, may not start with a digit, ` +
          `and are at most ${PROCESS_STRING_LIMITS.envNameBytes} characters.`,
      )
    }
    if (value === null) return [key, null]
    // Each value becomes an environment variable of every dyno, build and release phase.
    if (typeof value === 'string') return [key, checkProcessString(value, `Config var ${key}`, PROCESS_STRING_LIMITS.envValueBytes)]
    if (typeof value === 'number' || typeof value === 'boolean') return [key, String(value)]
    throw new PlatformError('invalid_params', `Config var ${key} must be a string, or null to remove it.`)
  }))
}

export interface ConfigChange {
  vars: ConfigVars
  /** Keys added or given a new value, in the order they were requested. */
  set: string[]
  /** Keys that existed and were removed. */
  removed: string[]
}

/** Applies a patch; keys set to their current value and removals of absent keys are no-ops. */
export function applyConfigPatch(current: ConfigVars, patch: ConfigPatch): ConfigChange {
  // A Map, so `constructor`, `toString` or `__proto__` are keys like any other, never the prototype's.
  const vars = new Map(Object.entries(current))
  const set: string[] = []
  const removed: string[] = []
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      if (vars.delete(key)) removed.push(key)
    } else if (vars.get(key) !== value) {
      vars.set(key, value)
      set.push(key)
    }
  }
  const result = Object.fromEntries(vars)
  assertWithinSizeLimit(result)
  return { vars: result, set, removed }
}

function assertWithinSizeLimit(vars: ConfigVars): void {
  let total = 0
  let largest = ''
  let largestBytes = -1
  for (const [key, value] of Object.entries(vars)) {
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(value)
    total += bytes
    if (bytes > largestBytes) [largest, largestBytes] = [key, bytes]
  }
  if (total > MAX_CONFIG_BYTES) {
    throw new PlatformError(
      'invalid_params',
      `Config vars would total ${total} bytes, over the ${MAX_CONFIG_BYTES}-byte limit; the largest is ${largest} (${largestBytes} bytes).`,
    )
  }
}

/** Heroku's release description for a config change: `Set FOO, BAR config vars`. */
export function describeConfigChange(set: readonly string[], removed: readonly string[]): string {
  if (removed.length === 0) return `Set ${set.join(', ')} config vars`
  if (set.length === 0) return `Remove ${removed.join(', ')} config vars`
  return `Set ${set.join(', ')} and remove ${removed.join(', ')} config vars`
}
