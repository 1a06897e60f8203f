import { blobKeys } from '../blobs/blob-keys.js'
import { actorOf, type Account } from '../core/accounts/account.js'
import type { AppSetup } from '../core/app-setups/app-setup.js'
import { parseAppManifest, type AppManifest } from '../core/app-setups/app-manifest.js'
import { checkSetupAddons } from '../core/app-setups/check-setup-addons.js'
import { planSetupConfig } from '../core/app-setups/plan-setup-config.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { checkBuildpackRefs } from '../core/builds/check-buildpack-refs.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../core/processes/check-process-string.js'
import { planConfigRelease } from '../core/releases/plan-config-release.js'
import { isBerthSourceUrl, redeemBerthSource } from './berth-source.js'
import { createAddon } from './create-addon.js'
import { createApp } from './create-app.js'
import { deleteApp } from './delete-app.js'
import { fetchSetupSource } from './fetch-setup-source.js'
import { publishRelease } from './publish-release.js'
import { runAppSetup } from './run-app-setup.js'
import type { ServiceDeps } from './service-deps.js'

export interface CreateAppSetupInput {
  sourceUrl: string
  /** `SHA256:<hex>`, checked against the downloaded tarball. */
  checksum?: string
  version?: string
  app: { name?: string; region?: string; stack?: string }
  /** `overrides.env` and `overrides.buildpacks` ([{url}]), as sent. */
  overrides: { env?: unknown; buildpacks?: unknown }
  webUrlOf: (appName: string) => string
}

/**
 * `POST /app-setups`: makes an app from a tarball's app.json. Everything that can be refused is
 * checked first (the source URL by the Build API's rule or the outbound rule, the tarball, the
 * manifest, required variables, add-on plans, buildpacks); then the app, its add-ons, config vars
 * and buildpacks are made, and any failure there removes the app again, so a refused setup leaves
 * nothing. The build, formation and postdeploy script run in the background: their outcome is
 * the setup's status.
 */
export async function createAppSetup(deps: ServiceDeps, caller: Account, input: CreateAppSetupInput): Promise<{ setup: AppSetup; build: Build }> {
  checkProcessString(input.sourceUrl, 'source_blob.url', PROCESS_STRING_LIMITS.labelBytes)
  const version = input.version === undefined ? null : checkProcessString(input.version, 'source_blob.version', PROCESS_STRING_LIMITS.labelBytes)
  let url: URL
  try {
    url = new URL(input.sourceUrl)
  } catch {
    throw new PlatformError('invalid_params', 'source_blob.url must be an http or https URL of a gzipped tarball.')
  }
  const source = isBerthSourceUrl(url)
    ? { id: await redeemBerthSource(deps, url), downloaded: false }
    : { id: await fetchSetupSource(deps, url, input.checksum), downloaded: true }
  let app: App | null = null
  try {
    const manifest = await readManifest(deps, source.id)
    const services = checkSetupAddons(manifest.addons)
    const config = planSetupConfig(manifest.env, input.overrides.env, () => deps.credentials.hashToken(deps.credentials.newToken()))
    const buildpacks = input.overrides.buildpacks === undefined ? checkBuildpackRefs(manifest.buildpacks) : checkBuildpackRefs(buildpackUrls(input.overrides.buildpacks))
    for (const service of services) {
      if (!deps.addonProviders.has(service)) throw new PlatformError('unavailable', `${service} is not enabled on this Berth installation; its operator can enable it in the server's configuration.`)
    }
    app = await createApp(deps, caller, { name: input.app.name, region: input.app.region, stack: input.app.stack ?? manifest.stack ?? undefined })
    for (const addon of manifest.addons) await createAddon(deps, caller, app.id, { plan: addon.plan, as: addon.as ?? undefined, config: addon.options })
    const release = await deps.store.appendRelease(app.id, (ctx) => planConfigRelease(ctx, config, actorOf(caller)))
    if (release) await publishRelease(deps, release)
    if (buildpacks.length > 0) app = await deps.store.setAppBuildpacks(app.id, buildpacks)
    const setup = await deps.store.createAppSetup({ appId: app.id, accountId: caller.id, successUrl: manifest.successUrl })
    const build = await deps.store.createBuild({
      appId: app.id, sourceVersion: version, sourceDescription: null, sourceUrl: `${url.origin}${url.pathname}`, buildpacks: app.buildpacks, stack: app.buildStack, actor: actorOf(caller),
    })
    // A reader that opens the output before the builder says anything follows it from this line on.
    deps.buildOutputs.append(build.id, `-----> Building ${app.name} from its app.json`)
    const started = await deps.store.updateAppSetup(setup.id, { buildId: build.id })
    const run = { setup: started, app, build, manifest, sourceId: source.id, downloaded: source.downloaded, webUrl: input.webUrlOf(app.name) }
    // runAppSetup records every outcome on the setup; what escapes it is Berth's own failure, already logged there.
    runAppSetup(deps, caller, run).catch(() => undefined)
    return { setup: started, build }
  } catch (error) {
    if (app !== null) await deleteApp(deps, caller, app.id)
    if (source.downloaded) await deps.blobs.delete(blobKeys.source(source.id))
    throw error
  }
}

async function readManifest(deps: Pick<ServiceDeps, 'blobs' | 'setupSources'>, sourceId: string): Promise<AppManifest> {
  const tarball = await deps.blobs.get(blobKeys.source(sourceId))
  if (!tarball) throw new PlatformError('invalid_params', 'Nothing was uploaded to that source URL yet.')
  let text: string | null
  try {
    text = await deps.setupSources.readAppJson(tarball)
  } catch (error) {
    throw new PlatformError('invalid_params', `source_blob.url is not a gzipped tarball Berth can read: ${(error as Error).message}`)
  }
  // Heroku compat: a tarball without app.json makes an app with defaults.
  return parseAppManifest(text ?? '{}')
}

// Heroku compat: overrides.buildpacks is a list of {url}.
function buildpackUrls(value: unknown): unknown {
  if (!Array.isArray(value)) return value
  return value.map((b: unknown) => (typeof b === 'object' && b !== null && typeof (b as { url?: unknown }).url === 'string' ? (b as { url: string }).url : b))
}
