import { PlatformError } from '../errors/platform-error.js'

export type ProcessTypes = Record<string, string>

const LINE = /^([A-Za-z0-9_-]+):\s*(.+)$/

/**
 * Parses a Procfile: `type: command` per line; blank lines and `#` comments are
 * skipped. A malformed line or a repeated type is an error naming the line.
 */
export function parseProcfile(text: string): ProcessTypes {
  // A Map: `constructor` or `__proto__` are process types like any other.
  const types = new Map<string, string>()
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#')) continue
    const match = LINE.exec(line)
    // The line is not echoed: what a build leaves in the Procfile may be anything.
    if (!match) throw new PlatformError('invalid_params', `Procfile line ${index + 1} is not "type: command".`)
    const [, type, command] = match
    if (types.has(type!)) throw new PlatformError('invalid_params', `Procfile declares "${type}" twice (line ${index + 1}).`)
    types.set(type!, command!.trim())
  }
  return Object.fromEntries(types)
}

/**
 * Reads `default_process_types` from a buildpack's `bin/release` output, the
 * small YAML subset the classic buildpack API uses.
 */
export function parseReleaseYaml(text: string): ProcessTypes {
  const types = new Map<string, string>()
  let inDefaults = false
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue
    if (!/^\s/.test(raw)) {
      inDefaults = /^default_process_types:\s*(\{\s*\})?\s*$/.test(raw)
      continue
    }
    const match = inDefaults ? /^\s+([A-Za-z0-9_-]+):\s*(.+)$/.exec(raw) : null
    if (match) types.set(match[1]!, unquote(match[2]!.trim()))
  }
  return Object.fromEntries(types)
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value)
  return quoted ? quoted[2]! : value
}

/** "web, worker" as Heroku's push output prints them. */
export function describeProcessTypes(types: ProcessTypes): string {
  return Object.keys(types).join(', ')
}
