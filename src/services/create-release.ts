import { blobKeys } from '../blobs/blob-keys.js'
import { actorOf, type Account } from '../core/accounts/account.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { isUuid } from '../core/releases/parse-release-ref.js'
import { planSlugRelease } from '../core/releases/plan-slug-release.js'
import { authorizeApp } from './authorize-app.js'
import { currentSlugId } from './current-slug-id.js'
import type { AppRelease } from './get-release.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

export interface CreateReleaseInput {
  slug: string
  description?: string
}

/** Releases an existing slug of the app with its latest config (`releases:retry`, slug deploys). */
export async function createRelease(deps: ServiceDeps, caller: Account, appRef: string, input: CreateReleaseInput): Promise<AppRelease> {
  const app = await authorizeApp(deps, caller, appRef)
  const slug = isUuid(input.slug) ? await deps.store.getSlug(app.id, input.slug.toLowerCase()) : null
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
