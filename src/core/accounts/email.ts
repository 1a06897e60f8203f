import { PlatformError } from '../errors/platform-error.js'

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/

/** Lower-cases and checks an email address; accounts are unique by it. */
export function normalizeEmail(value: unknown): string {
  if (typeof value !== 'string' || value.length > 254 || !EMAIL_PATTERN.test(value)) {
    throw new PlatformError('invalid_params', 'Email must be a valid email address.')
  }
  return value.toLowerCase()
}
