import { PlatformError } from '../errors/platform-error.js'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

/** Lower-cases and checks a custom domain: DNS labels, at least two of them, at most 253 characters. */
export function validateHostname(value: unknown): string {
  const hostname = typeof value === 'string' ? value.trim().toLowerCase().replace(/\.$/, '') : ''
  const labels = hostname.split('.')
  const wildcard = labels[0] === '*' ? labels.slice(1) : labels
  if (hostname.length > 253 || wildcard.length < 2 || !wildcard.every((label) => LABEL.test(label))) {
    throw new PlatformError('invalid_params', `${JSON.stringify(value)} is not a valid hostname.`)
  }
  return hostname
}
