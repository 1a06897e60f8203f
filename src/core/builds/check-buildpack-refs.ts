import { PlatformError } from '../errors/platform-error.js'
import { builtinBuildpack } from './buildpack-names.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../processes/check-process-string.js'

const BUILDPACK_REF = /^(heroku\/[a-z0-9-]+|berth\/[a-z0-9-]+|(https?|git):\/\/\S+|file:\/\/\/\S+|\/\S+)$/
export const MAX_BUILDPACKS = 20

/**
 * Checks a list of buildpack references from the wire: built-in names, git URLs or local
 * paths. A URL reaches `git clone`'s argv, so each is also a process string.
 */
export function checkBuildpackRefs(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > MAX_BUILDPACKS || value.some((b) => typeof b !== 'string')) {
    throw new PlatformError('invalid_params', `Buildpacks must be a list of at most ${MAX_BUILDPACKS} names like heroku/nodejs, git URLs, or local paths.`)
  }
  for (const ref of value as string[]) {
    checkProcessString(ref, 'A buildpack', PROCESS_STRING_LIMITS.labelBytes)
    if (builtinBuildpack(ref) === null && !BUILDPACK_REF.test(ref)) throw new PlatformError('invalid_params', 'Buildpacks must be names like heroku/nodejs, git URLs, or local paths.')
  }
  return value as string[]
}
