import { type FlagSpec } from './command.js'
import { stringFlag, type ParsedInput } from './parsed-input.js'
import { appPath } from './paths.js'

export const DYNO_TARGET_FLAGS: Record<string, FlagSpec> = {
  'process-type': { char: 'p', type: 'string', description: 'every dyno of this process type (web)' },
  'dyno-name': { char: 'd', type: 'string', description: 'this dyno (web.1)' },
}

/**
 * What `ps:restart` and `ps:stop` act on: one dyno (`web.1`, `-d`) or every
 * dyno of a type (`web`, `-p`), as its API path and its words; null for all.
 */
export function dynoTarget(app: string, input: ParsedInput): { path: string; label: string } | null {
  const name = stringFlag(input, 'dyno-name') ?? stringFlag(input, 'process-type') ?? input.args[0]
  if (!name) return null
  return name.includes('.')
    ? { path: appPath(app, `/dynos/${encodeURIComponent(name)}`), label: `dyno ${name}` }
    : { path: appPath(app, `/formations/${encodeURIComponent(name)}`), label: `all ${name} dynos` }
}
