import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { WebhookDelivery } from '../core/webhooks/app-webhook.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `webhooks:deliveries:info`: one delivery of the app's by id. */
export async function getWebhookDelivery(deps: ServiceDeps, caller: Account, appRef: string, deliveryId: string): Promise<{ app: App; delivery: WebhookDelivery }> {
  const app = await authorizeApp(deps, caller, appRef)
  const delivery = await deps.store.getWebhookDelivery(app.id, deliveryId)
  if (!delivery) throw notFound('app-webhook-delivery', 'webhook delivery')
  return { app, delivery }
}
