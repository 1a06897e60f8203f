import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import type { Slug } from '../core/slugs/slug.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

export interface CreateSlugInput {
  processTypes: Record<string, string>
  commit?: string | null
  commitDescription?: string | null
  buildpackProvidedDescription?: string | null
  checksum?: string | null
}

const PROCESS_TYPE_PATTERN = /^[a-zA-Z0-9_-]{1,30}$/
// Heroku compat: a slug's checksum is `SHA256:<hex>`; the archive uploaded to it must match.
const CHECKSUM_PATTERN = /^SHA256:[0-9a-f]{64}$/i

/** Records slug metadata (Heroku's Slug Create); the archive comes later, to the slug's blob URL. */
export async function createSlug(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, input: CreateSlugInput): Promise<Slug> {
  const app = await authorizeApp(deps, caller, appRef)
  // Commands become dynos' argv; the commit becomes HEROKU_SLUG_COMMIT in their environment.
  const processTypes = Object.fromEntries(Object.entries(input.processTypes).map(([type, command]: [string, unknown]) => {
    if (!PROCESS_TYPE_PATTERN.test(type) || typeof command !== 'string' || command.trim() === '') {
      throw new PlatformError('invalid_params', `Invalid process type ${JSON.stringify(type.slice(0, 80))}: names are letters, digits, - and _; commands are non-empty strings.`)
    }
    return [type, checkProcessString(command, `The ${type} command`, PROCESS_STRING_LIMITS.commandBytes)]
  }))
  const label = (value: string | null | undefined, what: string) => (value == null ? null : checkProcessString(value, what, PROCESS_STRING_LIMITS.labelBytes))
  const checksum = input.checksum ?? null
  if (checksum !== null && !CHECKSUM_PATTERN.test(checksum)) {
    throw new PlatformError('invalid_params', 'checksum must be SHA256: followed by the 64 hex digits of the archive\'s SHA-256.')
  }
  return deps.store.createSlug({
    appId: app.id,
    processTypes,
    commit: label(input.commit, 'commit'),
    commitDescription: label(input.commitDescription, 'commit_description'),
    buildpackProvidedDescription: label(input.buildpackProvidedDescription, 'buildpack_provided_description'),
    stack: app.buildStack,
    checksum: checksum === null ? null : `SHA256:${checksum.slice(7).toLowerCase()}`,
    sizeBytes: null,
  })
}
