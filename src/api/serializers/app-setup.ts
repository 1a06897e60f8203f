import type { AppSetup } from '../../core/app-setups/app-setup.js'
import type { App } from '../../core/apps/app.js'
import type { Build } from '../../core/builds/build.js'
import { timestamp } from './timestamp.js'

/**
 * Heroku's App Setup shape. `build.output_stream_url` is a capability URL for the caller;
 * `manifest_errors` stays empty, since a manifest with errors is refused before a setup exists.
 */
export function serializeAppSetup(setup: AppSetup, app: Pick<App, 'id' | 'name'>, build: Build | null, urls: { outputStreamUrl: string | null; webUrl: string }) {
  return {
    app: { id: app.id, name: app.name },
    build: build === null ? null : { id: build.id, status: build.status, output_stream_url: urls.outputStreamUrl },
    created_at: timestamp(setup.createdAt),
    failure_message: setup.failureMessage,
    id: setup.id,
    manifest_errors: [] as string[],
    postdeploy: setup.postdeploy === null ? null : { exit_code: setup.postdeploy.exitCode, output: setup.postdeploy.output },
    resolved_success_url: setup.status === 'succeeded' ? resolveSuccessUrl(setup.successUrl, urls.webUrl) : null,
    status: setup.status,
    updated_at: timestamp(setup.updatedAt),
  }
}

// Heroku compat: a relative success_url is a path on the app's web URL.
function resolveSuccessUrl(successUrl: string | null, webUrl: string): string | null {
  if (successUrl === null) return null
  try {
    return new URL(successUrl, webUrl).toString()
  } catch {
    return null
  }
}
