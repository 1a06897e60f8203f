import { PlatformError } from '../errors/platform-error.js'

/**
 * How long a string that reaches a process may be, in UTF-8 bytes. Linux refuses any single
 * argv or environment string over 128 kB (MAX_ARG_STRLEN) and all of them together over ARG_MAX,
 * so each limit stays well below that.
 */
export const PROCESS_STRING_LIMITS = {
  /** A dyno command (`heroku run`, a Procfile entry): one `bash -c` argument. */
  commandBytes: 16 * 1024,
  /** An environment variable's name (a config var key, `DATABASE_URL`). */
  envNameBytes: 256,
  /** An environment variable's value; all of an app's config vars together are capped at 32 kB too. */
  envValueBytes: 32 * 1024,
  /** Short metadata that ends up in env or argv: versions, commit ids, descriptions, buildpack URLs, emails. */
  labelBytes: 1024,
} as const

/**
 * Checks a string that will reach a process's argv or environment (or a log line, or a
 * database text column): no NUL, since no process can receive one and `spawn` throws on it,
 * and at most `maxBytes` bytes. Returns the string; throws `invalid_params` naming `what`.
 */
export function checkProcessString(value: string, what: string, maxBytes: number): string {
  if (value.includes('\0')) {
    throw new PlatformError('invalid_params', `${what} may not contain NUL characters (\\u0000): no process can receive them.`)
  }
  const bytes = Buffer.byteLength(value)
  if (bytes > maxBytes) throw new PlatformError('invalid_params', `${what} is ${bytes} bytes long, over the ${maxBytes}-byte limit.`)
  return value
}
