import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import type { AppWebhook } from '../core/webhooks/app-webhook.js'
import { parseWebhookInput } from '../core/webhooks/parse-webhook-input.js'
import { authorizeApp } from './authorize-app.js'
import { checkWebhookUrl } from './check-webhook-url.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * `webhooks:add`: subscribes a URL to some of the app's entities. Without a `secret` Berth makes
 * one; `generatedSecret` is it, shown once (Heroku compat: in the `Heroku-Webhook-Secret` header).
 */
export async function createWebhook(deps: ServiceDeps, caller: Account, appRef: string, body: Record<string, unknown>): Promise<{ app: App; webhook: AppWebhook; generatedSecret: string | null }> {
  const app = await authorizeApp(deps, caller, appRef)
  const input = parseWebhookInput(body, 'create')
  await checkWebhookUrl(deps, input.url!)
  const generatedSecret = input.secret ? null : deps.credentials.newToken()
  const webhook = await deps.store.createWebhook(app.id, {
    url: input.url!, include: input.include!, level: input.level!, secret: input.secret ?? generatedSecret!, authorization: input.authorization ?? null,
  })
  return { app, webhook, generatedSecret }
}
