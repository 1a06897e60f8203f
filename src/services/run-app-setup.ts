import { blobKeys } from '../blobs/blob-keys.js'
import type { Account } from '../core/accounts/account.js'
import type { AppManifest } from '../core/app-setups/app-manifest.js'
import type { AppSetup } from '../core/app-setups/app-setup.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { logApiEvent } from './log-api-event.js'
import { runBuild } from './run-build.js'
import { scaleFormation } from './scale-formation.js'
import type { ServiceDeps } from './service-deps.js'

export interface AppSetupRun {
  setup: AppSetup
  app: App
  build: Build
  manifest: AppManifest
  sourceId: string
  /** Whether the source was downloaded for this setup (and so is this setup's to remove). */
  downloaded: boolean
  webUrl: string
}

/** Heroku keeps the end of a postdeploy's output; so does Berth, this much of it. */
export const MAX_POSTDEPLOY_OUTPUT_BYTES = 64 * 1024
const POSTDEPLOY_TIMEOUT_MS = 60 * 60_000

/**
 * The background half of an app setup: build and release the source, apply app.json's formation,
 * then run `scripts.postdeploy` once, as a one-off dyno on the release that went live. The first
 * step that fails marks the setup failed with why; the app stays, as on Heroku.
 */
export async function runAppSetup(deps: ServiceDeps, caller: Account, run: AppSetupRun): Promise<void> {
  const { setup, app, manifest } = run
  const fail = (failureMessage: string) => deps.store.updateAppSetup(setup.id, { status: 'failed', failureMessage })
  try {
    const source = { kind: 'tarball' as const, open: async () => (await deps.blobs.get(blobKeys.source(run.sourceId)))! }
    const { build, release } = await runBuild(deps, caller, { app, build: run.build, source, webUrl: run.webUrl })
    if (build.status !== 'succeeded' || !release) return void (await fail('The build failed; see its output.'))
    if (!release.current) return void (await fail(`Release v${release.version} did not go live; see \`heroku logs\`.`))
    if (manifest.formation.length > 0) {
      const updates = manifest.formation.map((f) => ({ type: f.type, ...(f.quantity === null ? {} : { quantity: f.quantity }), ...(f.size === null ? {} : { size: f.size }) }))
      const scaled = await scaleFormation(deps, caller, app.id, updates).then(() => null, (error: unknown) => error)
      if (scaled instanceof PlatformError) return void (await fail(`The formation could not be applied: ${scaled.message}`))
      if (scaled) throw scaled
    }
    if (manifest.postdeploy === null) return void (await deps.store.updateAppSetup(setup.id, { status: 'succeeded' }))
    const output = new TailText(MAX_POSTDEPLOY_OUTPUT_BYTES)
    const ended = await deps.runtime.runScript(app.id, manifest.postdeploy, caller, { type: 'postdeploy', onLine: (line) => output.add(line), timeoutMs: POSTDEPLOY_TIMEOUT_MS })
    const postdeploy = { exitCode: ended.exitCode, output: output.text() }
    if (ended.exitCode === 0) return void (await deps.store.updateAppSetup(setup.id, { status: 'succeeded', postdeploy }))
    await deps.store.updateAppSetup(setup.id, { postdeploy })
    await fail(ended.timedOut ? 'The postdeploy script timed out.' : `The postdeploy script exited with status ${ended.exitCode}.`)
  } catch (error) {
    logApiEvent(deps, app.id, `App setup ${setup.id} failed: Berth hit an internal error`)
    await fail('Berth hit an internal error while setting up the app.').catch(() => undefined)
    throw error
  } finally {
    if (run.downloaded) await deps.blobs.delete(blobKeys.source(run.sourceId)).catch(() => undefined)
  }
}

/** The last `maxBytes` of what a script printed, line by line. */
class TailText {
  readonly #lines: string[] = []
  #bytes = 0
  constructor(private readonly maxBytes: number) {}

  add(line: string): void {
    this.#lines.push(line)
    this.#bytes += Buffer.byteLength(line) + 1
    while (this.#bytes > this.maxBytes && this.#lines.length > 1) this.#bytes -= Buffer.byteLength(this.#lines.shift()!) + 1
  }

  text(): string {
    return this.#lines.map((line) => `${line}\n`).join('')
  }
}
