import type { FlagSpec } from '../../command.js'
import { stringFlag, type ParsedInput } from '../../parsed-input.js'

/** `webhooks:add` and `webhooks:update`'s flags, with the heroku CLI's letters. */
export const WEBHOOK_FLAGS: Record<string, FlagSpec> = {
  url: { char: 'u', type: 'string', description: 'the https:// URL deliveries are posted to' },
  include: { char: 'i', type: 'string', description: 'entities to deliver, comma-separated: api:release,api:build,dyno,…' },
  level: { char: 'l', type: 'string', description: 'notify (one attempt) or sync (retried until it succeeds)' },
  secret: { char: 's', type: 'string', description: 'the key deliveries are signed with (Heroku-Webhook-Hmac-SHA256)' },
  authorization: { char: 't', type: 'string', description: 'an Authorization header sent with every delivery' },
}

/**
 * The API body for the flags given. Absent flags are left out, so an update changes only those;
 * checking the values is the API's job, so both CLIs get the same messages.
 */
export function webhookBody(input: ParsedInput): Record<string, unknown> {
  const include = stringFlag(input, 'include')
  const body: Record<string, unknown> = {
    url: stringFlag(input, 'url'),
    include: include?.split(',').map((entity) => entity.trim()).filter(Boolean),
    level: stringFlag(input, 'level'),
    secret: stringFlag(input, 'secret'),
    authorization: stringFlag(input, 'authorization'),
  }
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined))
}
