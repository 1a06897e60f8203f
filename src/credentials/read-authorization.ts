/** What an Authorization header carries: a bearer token, or Basic user and password. */
export type PresentedCredentials =
  | { kind: 'token'; token: string }
  | { kind: 'basic'; user: string; password: string }
  | { kind: 'none' }

// Heroku compat: tokens come as `Bearer <token>` or Basic with the token as the password
// (any user name; git and netrc use this). Basic email:password is only for /oauth/authorizations.
export function readAuthorization(header: string | undefined): PresentedCredentials {
  if (!header) return { kind: 'none' }
  const space = header.indexOf(' ')
  const scheme = header.slice(0, space < 0 ? header.length : space).toLowerCase()
  const value = space < 0 ? '' : header.slice(space + 1).trim()
  if (scheme === 'bearer') return { kind: 'token', token: value }
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return { kind: 'basic', user: '', password: decoded }
    return { kind: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
  }
  return { kind: 'none' }
}
