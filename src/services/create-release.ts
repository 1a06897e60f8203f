import { blobKeys } from '../blobs/blob-keys.js'
import { actorOf, type Account } from '../core/accounts/account.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { planSlugRelease } from '../core/releases/plan-slug-release.js'
import type { Slug } from '../core/slugs/slug.js'
import { authorizeApp } from './authorize-app.js'
import { isAppMember } from './is-app-member.js'
import { currentSlugId } from './current-slug-id.js'
import type { AppRelease } from './get-release.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

export interface CreateReleaseInput {
  slug: string
  description?: string
}

/**
 * Releases an existing slug with the app's latest config (`releases:retry`, slug deploys). The slug
 * may be another app's, as Heroku's "copying slugs" allows, when the caller can deploy that app too
 * (ADR 0015); it is shared by reference, never copied.
 */
export async function createRelease(deps: ServiceDeps, caller: Account, appRef: string, input: CreateReleaseInput): Promise<AppRelease> {
  const app = await authorizeApp(deps, caller, appRef)
  const slug = isUuid(input.slug) ? await releasableSlug(deps, caller, app.id, input.slug.toLowerCase()) : null
  if (!slug) throw notFound('slug')
  const description = input.description ?? (slug.commit ? `Deploy ${slug.commit.slice(0, 8)}` : 'Deploy')
  // Dynos see the description as HEROKU_SLUG_DESCRIPTION.
  checkProcessString(description, 'description', PROCESS_STRING_LIMITS.labelBytes)
  // A release runs its slug's archive: it must be there, and from now on it can never change.
  if (slug.sizeBytes === null || slug.deletedAt !== null || !(await deps.blobs.exists(blobKeys.slug(slug.id)))) {
    throw new PlatformError('invalid_params', "This slug has no archive: upload it to the slug's blob URL before releasing it.")
  }
  const appended = (await deps.store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, slug.id, description, actorOf(caller))))!
  const release = await publishRelease(deps, appended)
  return { app, release, currentSlugId: await currentSlugId(deps, app, release) }
}

/** The app's own slug (or one it runs), else another app's that the caller can deploy: 403 for one it cannot. */
async function releasableSlug(deps: Pick<ServiceDeps, 'store'>, caller: Account, appId: string, slugId: string): Promise<Slug | null> {
  const own = await deps.store.getSlug(appId, slugId)
  if (own) return own
  const other = await deps.store.findSlug(slugId)
  if (!other) return null
  const builder = await deps.store.findApp(other.appId)
  if (!builder || !(await isAppMember(deps, caller, builder))) {
    throw new PlatformError('forbidden', 'You do not have access to the app this slug belongs to.')
  }
  return other
}
