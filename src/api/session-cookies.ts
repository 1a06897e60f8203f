import { PlatformError } from '../core/errors/platform-error.js'

// The dashboard's session: an HttpOnly cookie holding an ordinary API token, plus a CSRF token in a
// cookie the page can read and must echo in X-CSRF-Token on every state-changing call (double submit).
export const SESSION_COOKIE = 'berth_session'
export const CSRF_COOKIE = 'berth_csrf'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = new Map<string, string>()
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeCookie(part.slice(eq + 1).trim()))
  }
  return Object.fromEntries(cookies)
}

// Another site's cookie on the same host may be any bytes; one that is not valid percent-encoding stays as sent.
function decodeCookie(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}

export function setCookie(name: string, value: string, options: { maxAgeSeconds: number; httpOnly: boolean; secure: boolean }): string {
  return [
    `${name}=${encodeURIComponent(value)}`, 'Path=/', `Max-Age=${options.maxAgeSeconds}`, 'SameSite=Strict',
    ...(options.httpOnly ? ['HttpOnly'] : []), ...(options.secure ? ['Secure'] : []),
  ].join('; ')
}

/**
 * The session token a request carries in its cookie, or null. A state-changing
 * request must also echo the CSRF cookie in X-CSRF-Token, so another site's
 * form or script cannot act with the user's session.
 */
export function sessionToken(request: { method: string; headers: Record<string, string | string[] | undefined> }): string | null {
  const cookies = parseCookies(request.headers.cookie as string | undefined)
  const token = cookies[SESSION_COOKIE]
  if (!token) return null
  if (!SAFE_METHODS.has(request.method) && (!cookies[CSRF_COOKIE] || request.headers['x-csrf-token'] !== cookies[CSRF_COOKIE])) {
    throw new PlatformError('forbidden', 'The request is missing its CSRF token: reload the dashboard and try again.')
  }
  return token
}
