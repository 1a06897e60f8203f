import { blobKeys } from '../blobs/blob-keys.js'
import { actorOf, type Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { checkBuildpackRefs } from '../core/builds/check-buildpack-refs.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { authorizeApp } from './authorize-app.js'
import { runBuild } from './run-build.js'
import type { ServiceDeps } from './service-deps.js'
import { redeemBerthSource } from './berth-source.js'

export interface CreateBuildInput {
  sourceUrl: string
  version?: string
  description?: string
  buildpacks?: string[]
  webUrl: string
}

/**
 * The Build API: builds an uploaded source in the background and returns the
 * pending build at once. Only Berth's own source URLs are accepted and they are
 * read from the blob store, never fetched, so a build cannot be pointed at
 * another server (no SSRF).
 */
export async function createBuild(deps: ServiceDeps, caller: Account, appRef: string, input: CreateBuildInput): Promise<{ app: App; build: Build }> {
  const app = await authorizeApp(deps, caller, appRef)
  // The version reaches buildpacks as SOURCE_VERSION and dynos in HEROKU_SLUG_COMMIT; buildpack URLs reach `git clone`.
  const label = (value: string | undefined, what: string) => (value === undefined ? null : checkProcessString(value, what, PROCESS_STRING_LIMITS.labelBytes))
  const sourceVersion = label(input.version, 'source_blob.version')
  const sourceDescription = label(input.description, 'source_blob.version_description')
  const buildpacks = input.buildpacks === undefined ? app.buildpacks : checkBuildpackRefs(input.buildpacks)
  label(input.sourceUrl, 'source_blob.url')
  let url: URL
  try {
    url = new URL(input.sourceUrl)
  } catch {
    throw new PlatformError('invalid_params', 'source_blob.url must be a URL returned by POST /sources.')
  }
  // The source's get_url: reading it is what a build does.
  const id = await redeemBerthSource(deps, url)
  const build = await deps.store.createBuild({
    appId: app.id, sourceVersion, sourceDescription, sourceUrl: `${url.origin}${url.pathname}`, buildpacks, stack: app.buildStack, actor: actorOf(caller),
  })
  const source = { kind: 'tarball' as const, open: async () => (await deps.blobs.get(blobKeys.source(id)))! }
  // runBuild records every failure on the build and its output; nothing is left to do here.
  void runBuild(deps, caller, { app, build, source, webUrl: input.webUrl }).catch(() => undefined)
  return { app, build }
}
