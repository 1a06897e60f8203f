import { PlatformError } from '../errors/platform-error.js'

// No NUL: an email reaches git's environment (REMOTE_USER) and log lines.
const EMAIL_PATTERN = /^[^\s@\0]+@[^\s@\0]+$/

/** Lower-cases and checks an email address; accounts are unique by it. */
export function normalizeEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL_PATTERN.test(value)) {
    throw new PlatformError('invalid_params', 'Email must be a valid email address.')
  }
  return value.toLowerCase()
}
