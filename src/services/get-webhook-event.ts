import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { WebhookEvent } from '../core/webhooks/app-webhook.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `webhooks:events:info`: one event of the app's by id. */
export async function getWebhookEvent(deps: ServiceDeps, caller: Account, appRef: string, eventId: string): Promise<{ app: App; event: WebhookEvent }> {
  const app = await authorizeApp(deps, caller, appRef)
  const event = await deps.store.getWebhookEvent(app.id, eventId)
  if (!event) throw notFound('app-webhook-event', 'webhook event')
  return { app, event }
}
