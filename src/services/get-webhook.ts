import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { AppWebhook } from '../core/webhooks/app-webhook.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/** `webhooks:info`: one of the app's webhooks by id. */
export async function getWebhook(deps: ServiceDeps, caller: Account, appRef: string, webhookId: string): Promise<{ app: App; webhook: AppWebhook }> {
  const app = await authorizeApp(deps, caller, appRef)
  const webhook = (await deps.store.listWebhooks(app.id)).find((w) => w.id === webhookId)
  if (!webhook) throw notFound('app-webhook', 'webhook')
  return { app, webhook }
}
