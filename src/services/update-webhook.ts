import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound, PlatformError } from '../core/errors/platform-error.js'
import type { AppWebhook } from '../core/webhooks/app-webhook.js'
import { parseWebhookInput } from '../core/webhooks/parse-webhook-input.js'
import { authorizeApp } from './authorize-app.js'
import { checkWebhookUrl } from './check-webhook-url.js'
import type { ServiceDeps } from './service-deps.js'

/** `webhooks:update`: changes the fields sent; `authorization: null` removes the header. A secret cannot be removed, only replaced. */
export async function updateWebhook(deps: ServiceDeps, caller: Account, appRef: string, webhookId: string, body: Record<string, unknown>): Promise<{ app: App; webhook: AppWebhook }> {
  const app = await authorizeApp(deps, caller, appRef)
  const input = parseWebhookInput(body, 'update')
  if (input.secret === null) throw new PlatformError('invalid_params', 'secret cannot be removed: send a new one.')
  if (input.url !== undefined) await checkWebhookUrl(deps, input.url)
  const webhook = await deps.store.updateWebhook(app.id, webhookId, { ...input, secret: input.secret })
  if (!webhook) throw notFound('app-webhook', 'webhook')
  return { app, webhook }
}
