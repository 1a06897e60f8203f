import { PlatformError } from '../errors/platform-error.js'

// Heroku compat: the Platform API's app name pattern.
export const APP_NAME_PATTERN = /^[a-z][a-z0-9-]{1,28}[a-z0-9]$/

/** Returns the name if it is a valid app name, else throws invalid_params. */
export function validateAppName(name: unknown): string {
  if (typeof name !== 'string' || !APP_NAME_PATTERN.test(name)) {
    throw new PlatformError(
      'invalid_params',
      'Name must start with a letter, end with a letter or digit, and can only contain lowercase letters, digits, and dashes (3 to 30 characters).',
    )
  }
  return name
}
