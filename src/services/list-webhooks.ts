import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { AppWebhook } from '../core/webhooks/app-webhook.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `webhooks`: the app's webhooks, oldest first. */
export async function listWebhooks(deps: ServiceDeps, caller: Account, appRef: string): Promise<{ app: App; webhooks: AppWebhook[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, webhooks: await deps.store.listWebhooks(app.id) }
}
