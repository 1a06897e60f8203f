import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { WebhookEvent } from '../core/webhooks/app-webhook.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `webhooks:events`: the events published to the app's webhooks (the newest 1000), oldest first. */
export async function listWebhookEvents(deps: ServiceDeps, caller: Account, appRef: string): Promise<{ app: App; events: WebhookEvent[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  return { app, events: await deps.store.listWebhookEvents(app.id) }
}
