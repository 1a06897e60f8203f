import { parseConfigPatch } from '../config-vars/config-vars.js'
import { PlatformError } from '../errors/platform-error.js'
import { invalidManifest, type ManifestEnvVar } from './app-manifest.js'

/**
 * The config vars an app setup starts with: for each variable app.json declares, the override
 * given for it, else its `value`, else a generated secret; then any other overrides. A required
 * variable left without a value is refused with every such name (Heroku's manifest error).
 */
export function planSetupConfig(env: readonly ManifestEnvVar[], overrides: unknown, secret: () => string): Record<string, string> {
  const given = parseOverrides(overrides)
  const entries: [string, string][] = []
  const missing: string[] = []
  for (const variable of env) {
    const value = given.get(variable.name) ?? variable.value ?? (variable.generator === 'secret' ? secret() : null)
    if (value !== null) entries.push([variable.name, value])
    else if (variable.required) missing.push(`config var ${variable.name} is required`)
  }
  if (missing.length > 0) throw invalidManifest(missing)
  const declared = new Set(env.map((v) => v.name))
  for (const [name, value] of given) if (!declared.has(name)) entries.push([name, value])
  // Object.fromEntries keeps `__proto__` and friends as ordinary names.
  return Object.fromEntries(entries)
}

function parseOverrides(overrides: unknown): Map<string, string> {
  if (overrides === undefined || overrides === null) return new Map()
  if (typeof overrides !== 'object' || Array.isArray(overrides) || Object.values(overrides).some((v) => typeof v !== 'string')) {
    throw new PlatformError('invalid_params', 'overrides.env must be an object of names to string values.')
  }
  return new Map(Object.entries(parseConfigPatch(overrides)) as [string, string][])
}
