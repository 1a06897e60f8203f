/**
 * The entities a webhook may include: Heroku's that Berth publishes, and Berth's own
 * `berth:auto-rollback`. Heroku compat: `resource` in a payload is the entity without its `api:`.
 */
export const WEBHOOK_ENTITIES = ['api:app', 'api:build', 'api:release', 'api:formation', 'api:addon-attachment', 'dyno', 'berth:auto-rollback'] as const

export type WebhookEntity = (typeof WEBHOOK_ENTITIES)[number]

export function isWebhookEntity(value: string): value is WebhookEntity {
  return (WEBHOOK_ENTITIES as readonly string[]).includes(value)
}

/** `api:release` → `release`, `dyno` → `dyno`, `berth:auto-rollback` → `auto-rollback`. */
export function resourceOf(entity: WebhookEntity): string {
  return entity.replace(/^[a-z]+:/, '')
}
