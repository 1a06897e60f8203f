import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { WebhookDelivery } from '../core/webhooks/app-webhook.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

const STATUSES = ['pending', 'scheduled', 'retrying', 'failed', 'succeeded']

/** `webhooks:deliveries [--status S]`: oldest first. */
export async function listWebhookDeliveries(deps: ServiceDeps, caller: Account, appRef: string, status?: string): Promise<{ app: App; deliveries: WebhookDelivery[] }> {
  const app = await authorizeApp(deps, caller, appRef)
  if (status !== undefined && !STATUSES.includes(status)) throw new PlatformError('invalid_params', `status must be one of ${STATUSES.join(', ')}.`)
  return { app, deliveries: await deps.store.listWebhookDeliveries(app.id, status) }
}
