import { PlatformError } from '../errors/platform-error.js'
import { CONFIG_KEY_PATTERN } from '../config-vars/config-vars.js'
import { PROCESS_STRING_LIMITS } from '../processes/check-process-string.js'

/** One variable app.json's `env` declares. */
export interface ManifestEnvVar {
  name: string
  value: string | null
  required: boolean
  generator: 'secret' | null
}

/** One add-on app.json's `addons` asks for: `service[:plan]`, with the attachment name and options. */
export interface ManifestAddon {
  plan: string
  as: string | null
  options: Record<string, string>
}

export interface ManifestFormation {
  type: string
  quantity: number | null
  size: string | null
}

/** What Berth acts on in an app.json; the other keys (name, description, logo, …) describe it only. */
export interface AppManifest {
  env: ManifestEnvVar[]
  addons: ManifestAddon[]
  formation: ManifestFormation[]
  /** Buildpack URLs or names, in order. */
  buildpacks: string[]
  postdeploy: string | null
  stack: string | null
  successUrl: string | null
}

/** Beyond this, app.json is not a manifest but a payload. */
export const MAX_MANIFEST_BYTES = 256 * 1024

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Reads app.json's text into what a setup does, or refuses it with every problem found (Heroku's
 * `manifest_errors`), joined into one `invalid_params` message. Strings that reach a process
 * (values, the postdeploy command) are checked for NUL and length here, where they enter.
 */
export function parseAppManifest(text: string): AppManifest {
  const errors: string[] = []
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) throw invalidManifest([`app.json is over ${MAX_MANIFEST_BYTES / 1024} kB`])
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw invalidManifest([`app.json is not valid JSON (${(error as Error).message})`])
  }
  if (!isObject(raw)) throw invalidManifest(['app.json must be a JSON object'])
  const manifest: AppManifest = {
    env: parseEnv(raw.env, errors),
    addons: parseAddons(raw.addons, errors),
    formation: parseFormation(raw.formation, errors),
    buildpacks: parseBuildpacks(raw.buildpacks, errors),
    postdeploy: parseScripts(raw.scripts, errors),
    stack: optionalText(raw.stack, 'stack', errors),
    successUrl: optionalText(raw.success_url, 'success_url', errors),
  }
  if (errors.length > 0) throw invalidManifest(errors)
  return manifest
}

export function invalidManifest(errors: readonly string[]): PlatformError {
  return new PlatformError('invalid_params', `Invalid app.json: ${errors.join('; ')}.`)
}

function processText(value: string, what: string, maxBytes: number, errors: string[]): boolean {
  if (value.includes('\0')) errors.push(`${what} may not contain NUL characters`)
  else if (Buffer.byteLength(value) > maxBytes) errors.push(`${what} is over ${maxBytes} bytes`)
  else return true
  return false
}

function optionalText(value: unknown, what: string, errors: string[]): string | null {
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') {
    errors.push(`${what} must be a string`)
    return null
  }
  return processText(value, what, PROCESS_STRING_LIMITS.labelBytes, errors) ? value : null
}

function parseEnv(value: unknown, errors: string[]): ManifestEnvVar[] {
  if (value === undefined) return []
  if (!isObject(value)) {
    errors.push('env must be an object of variable names')
    return []
  }
  const vars: ManifestEnvVar[] = []
  for (const [name, entry] of Object.entries(value)) {
    if (!CONFIG_KEY_PATTERN.test(name) || name.length > PROCESS_STRING_LIMITS.envNameBytes) {
      errors.push(`env ${JSON.stringify(name.slice(0, 80))} is not a valid config var name`)
      continue
    }
    // Heroku compat: a bare string is the value; an object's `required` defaults to true.
    if (typeof entry === 'string') {
      if (processText(entry, `env ${name}`, PROCESS_STRING_LIMITS.envValueBytes, errors)) vars.push({ name, value: entry, required: true, generator: null })
      continue
    }
    if (!isObject(entry)) {
      errors.push(`env ${name} must be a string or an object`)
      continue
    }
    const { value: given, required = true, generator } = entry
    if (given !== undefined && typeof given !== 'string') errors.push(`env ${name}.value must be a string`)
    else if (typeof required !== 'boolean') errors.push(`env ${name}.required must be a boolean`)
    else if (generator !== undefined && generator !== 'secret') errors.push(`env ${name}.generator must be "secret"`)
    else if (given === undefined || processText(given, `env ${name}.value`, PROCESS_STRING_LIMITS.envValueBytes, errors)) {
      vars.push({ name, value: given ?? null, required, generator: generator === 'secret' ? 'secret' : null })
    }
  }
  return vars
}

function parseAddons(value: unknown, errors: string[]): ManifestAddon[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    errors.push('addons must be a list')
    return []
  }
  const addons: ManifestAddon[] = []
  value.forEach((entry: unknown, index) => {
    if (typeof entry === 'string' && entry.trim() !== '') return void addons.push({ plan: entry, as: null, options: {} })
    if (!isObject(entry) || typeof entry.plan !== 'string' || entry.plan.trim() === '') {
      return void errors.push(`addons[${index}] must be a plan name or an object with a plan`)
    }
    if (entry.as !== undefined && typeof entry.as !== 'string') return void errors.push(`addons[${index}].as must be a string`)
    const options = entry.options ?? {}
    if (!isObject(options) || Object.values(options).some((v) => typeof v !== 'string')) {
      return void errors.push(`addons[${index}].options must be an object of strings`)
    }
    addons.push({ plan: entry.plan, as: entry.as ?? null, options: Object.fromEntries(Object.entries(options as Record<string, string>)) })
  })
  return addons
}

function parseFormation(value: unknown, errors: string[]): ManifestFormation[] {
  if (value === undefined) return []
  if (!isObject(value)) {
    errors.push('formation must be an object of process types')
    return []
  }
  const formation: ManifestFormation[] = []
  for (const [type, entry] of Object.entries(value)) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(type)) errors.push(`formation ${JSON.stringify(type.slice(0, 80))} is not a process type`)
    else if (!isObject(entry)) errors.push(`formation ${type} must be an object`)
    else if (entry.quantity !== undefined && !(Number.isInteger(entry.quantity) && (entry.quantity as number) >= 0)) errors.push(`formation ${type}.quantity must be a whole number`)
    else if (entry.size !== undefined && typeof entry.size !== 'string') errors.push(`formation ${type}.size must be a string`)
    else formation.push({ type, quantity: (entry.quantity as number | undefined) ?? null, size: (entry.size as string | undefined) ?? null })
  }
  return formation
}

function parseBuildpacks(value: unknown, errors: string[]): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((b) => !isObject(b) || typeof b.url !== 'string')) {
    errors.push('buildpacks must be a list of {"url": …}')
    return []
  }
  return value.map((b: { url: string }) => b.url)
}

function parseScripts(value: unknown, errors: string[]): string | null {
  if (value === undefined) return null
  if (!isObject(value)) {
    errors.push('scripts must be an object')
    return null
  }
  const { postdeploy } = value
  if (postdeploy === undefined) return null
  // Heroku compat: postdeploy is a command, or {command, size}.
  const command = isObject(postdeploy) ? postdeploy.command : postdeploy
  if (typeof command !== 'string' || command.trim() === '') {
    errors.push('scripts.postdeploy must be a command')
    return null
  }
  return processText(command, 'scripts.postdeploy', PROCESS_STRING_LIMITS.commandBytes, errors) ? command : null
}
