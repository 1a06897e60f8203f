import { PlatformError } from '../core/errors/platform-error.js'

/**
 * The 503 a provider failure becomes: the service and the server's reason,
 * with any credentials in the reason replaced.
 */
export function providerUnavailable(service: string, action: string, error: unknown, secrets: readonly string[] = []): PlatformError {
  let reason = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && !reason.includes(code)) reason = `${reason} (${code})`
  for (const secret of secrets) if (secret) reason = reason.split(secret).join('***')
  return new PlatformError('unavailable', `${service} could not ${action}: ${reason}`, { cause: error })
}

/** `host:port` of a server URL, for messages; never its credentials. */
export function serverAddress(url: string, defaultPort: number): string {
  const parsed = new URL(url)
  return `${parsed.hostname}:${parsed.port || defaultPort}`
}
