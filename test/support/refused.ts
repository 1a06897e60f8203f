import { PlatformError } from '../../src/core/errors/platform-error.js'

/** For `assert.rejects`: a PlatformError with this id and, if given, a message matching the pattern. */
export function refused(id: string, message?: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof PlatformError && error.id === id && (message === undefined || message.test(error.message))
}
