import { blobKeys } from '../blobs/blob-keys.js'
import { actorOf, type Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { planSlugRelease } from '../core/releases/plan-slug-release.js'
import { effectiveConfigVars, type Release } from '../core/releases/release.js'
import { BuildError, type BuildSource } from '../build/builder.js'
import { collectSlugs } from './collect-slugs.js'
import { logApiEvent } from './log-api-event.js'
import { publishRelease } from './publish-release.js'
import type { ServiceDeps } from './service-deps.js'

export interface RunBuildInput {
  app: App
  build: Build
  source: BuildSource
  /** Printed at the end of a successful build (`… deployed to Berth`). */
  webUrl: string
  /** Also receives each output line (a git push streams them to the pusher). */
  onLine?: (line: string) => void
  /** Shows the release phase as it runs (a push does) in place of `Verifying deploy…`; resolves with the release as it ended. */
  followReleasePhase?: (release: Release, live: Promise<Release>, say: (line: string) => void) => Promise<Release>
  signal?: AbortSignal
  /** Runs once the release has gone live, before the build is recorded as succeeded. */
  beforeSuccess?: () => Promise<void>
}

export interface BuildOutcome {
  build: Build
  release: Release | null
}

/**
 * The pipeline from source to release: build a slug, store it, release it with
 * the latest config as `Deploy <sha8>`, then collect slugs outside retention.
 * A failed build records its reason and creates no release.
 */
export async function runBuild(deps: ServiceDeps, caller: Account, input: RunBuildInput): Promise<BuildOutcome> {
  const { app, build } = input
  const say = (line: string) => {
    deps.buildOutputs.append(build.id, line)
    input.onLine?.(line)
  }
  logApiEvent(deps, app.id, `Build started by user ${caller.email}`)
  deps.webhooks.publishChange(app.id, 'create', { entity: 'api:build', build })
  try {
    const [latest] = await deps.store.listReleases(app.id, { order: 'desc', max: 1 })
    const configVars = latest ? effectiveConfigVars(latest) : {}
    const buildpacks = build.buildpacks.length > 0 ? build.buildpacks : configVars.BUILDPACK_URL ? [configVars.BUILDPACK_URL] : []
    const built = await deps.builder.build({
      appId: app.id, source: input.source, buildpacks, configVars, sourceVersion: build.sourceVersion, stack: build.stack, onLine: say, signal: input.signal,
    })
    const slugId = deps.newId()
    try {
      await deps.blobs.put(blobKeys.slug(slugId), built.open())
    } finally {
      await built.dispose()
    }
    const slug = await deps.store.createSlug({
      id: slugId, appId: app.id, processTypes: built.processTypes, commit: build.sourceVersion,
      commitDescription: build.sourceDescription, buildpackProvidedDescription: built.buildpackDescription,
      stack: build.stack, checksum: built.checksum, sizeBytes: built.sizeBytes, runtimes: built.runtimes,
    })
    // Linked before it is released, so a restart that finds this build interrupted fails its release too.
    await deps.store.setBuildSlug(build.id, slug.id)
    say('-----> Launching...')
    if (slug.processTypes.release) say(' !     Release command declared: this new release will not be available until the command succeeds.')
    const description = build.sourceVersion ? `Deploy ${build.sourceVersion.slice(0, 8)}` : 'Deploy'
    const appended = (await deps.store.appendRelease(app.id, (ctx) => planSlugRelease(ctx, slug.id, description, actorOf(caller))))!
    // Heroku compat: after `stack:set`, the app is on the new stack once a build on it is released.
    if (app.stack !== slug.stack) await deps.store.updateApp(app.id, { stack: slug.stack })
    say(`       Released v${appended.version}`)
    say(`       ${input.webUrl} deployed to Berth`)
    // The rollout runs the release phase, boots the release's dynos and switches traffic before this returns.
    const live = publishRelease(deps, appended)
    const release = slug.processTypes.release && input.followReleasePhase ? await input.followReleasePhase(appended, live, say) : await verifyDeploy(live, say)
    await input.beforeSuccess?.()
    const finished = await deps.store.finishBuild(build.id, { status: 'succeeded', slugId: slug.id, releaseId: release.id })
    logApiEvent(deps, app.id, 'Build succeeded')
    deps.webhooks.publishChange(app.id, 'update', { entity: 'api:build', build: finished }, undefined, { entity: 'api:build', build })
    await collectSlugs(deps, app.id)
    return { build: finished, release }
  } catch (error) {
    // A build's own failure is the user's to read; anything else is Berth's, and is rethrown to be logged.
    say(error instanceof BuildError ? ` !     ${error.message}` : ' !     Build failed: Berth hit an internal error.')
    const failed = await deps.store.finishBuild(build.id, { status: 'failed' })
    logApiEvent(deps, app.id, `Build failed -- check your build output: build ${build.id}`)
    deps.webhooks.publishChange(app.id, 'update', { entity: 'api:build', build: failed }, undefined, { entity: 'api:build', build })
    if (!(error instanceof BuildError)) throw error
    return { build: failed, release: null }
  } finally {
    await deps.buildOutputs.finish(build.id)
  }
}

async function verifyDeploy(live: Promise<Release>, say: (line: string) => void): Promise<Release> {
  const release = await live
  say(release.current
    ? 'Verifying deploy... done.'
    : `Verifying deploy... failed: v${release.version} did not go live, and the previous release keeps serving. See \`heroku logs\`.`)
  return release
}
