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

/** "web, worker" as Heroku's push output prints them. */
export function describeProcessTypes(types: ProcessTypes): string {
  return Object.keys(types).join(', ')
}
