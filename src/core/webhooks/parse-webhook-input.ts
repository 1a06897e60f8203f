import { PlatformError } from '../errors/platform-error.js'
import { checkProcessString, PROCESS_STRING_LIMITS } from '../processes/check-process-string.js'
import type { WebhookLevel } from './app-webhook.js'
import { isWebhookEntity, WEBHOOK_ENTITIES, type WebhookEntity } from './webhook-entities.js'

/** A webhook's fields as a create or update gives them; absent ones are undefined (null clears secret or authorization). */
export interface WebhookInput {
  url?: string
  include?: WebhookEntity[]
  level?: WebhookLevel
  secret?: string | null
  authorization?: string | null
}

const MAX_BYTES = PROCESS_STRING_LIMITS.labelBytes

/**
 * Checks a webhook body from the wire. `create` needs url, include and level (Heroku's required
 * fields). Every string is checked for NUL and length; `authorization` and `secret` also for
 * control characters, since the one is sent as a header and the other would be unusable.
 */
export function parseWebhookInput(body: Record<string, unknown>, mode: 'create' | 'update'): WebhookInput {
  const input: WebhookInput = {}
  if (body.url !== undefined) input.url = parseUrl(body.url)
  if (body.include !== undefined) input.include = parseInclude(body.include)
  if (body.level !== undefined) input.level = parseLevel(body.level)
  if (body.secret !== undefined) input.secret = body.secret === null ? null : headerSafe(body.secret, 'secret')
  if (body.authorization !== undefined) input.authorization = body.authorization === null ? null : headerSafe(body.authorization, 'authorization')
  if (mode === 'create') {
    for (const key of ['url', 'include', 'level'] as const) {
      if (input[key] === undefined) throw new PlatformError('invalid_params', `${key} is required.`)
    }
  }
  return input
}

function parseUrl(value: unknown): string {
  if (typeof value !== 'string') throw new PlatformError('invalid_params', 'url must be a string: an https:// URL.')
  checkProcessString(value, 'url', MAX_BYTES)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new PlatformError('invalid_params', 'url must be a URL such as https://hooks.example.com/berth.')
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.hostname === '') {
    throw new PlatformError('invalid_params', `Unsupported webhook URL ${JSON.stringify(value)}: use https:// (or http://).`)
  }
  return url.toString()
}

function parseInclude(value: unknown): WebhookEntity[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((item) => typeof item !== 'string')) {
    throw new PlatformError('invalid_params', `include must be a non-empty list of entities: ${WEBHOOK_ENTITIES.join(', ')}.`)
  }
  const unknown = (value as string[]).filter((item) => !isWebhookEntity(item))
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 3).map((item) => JSON.stringify(item.slice(0, 64))).join(', ')
    throw new PlatformError('invalid_params', `Unknown webhook entity ${shown}. Entities: ${WEBHOOK_ENTITIES.join(', ')}.`)
  }
  return [...new Set(value as WebhookEntity[])]
}

function parseLevel(value: unknown): WebhookLevel {
  if (value !== 'notify' && value !== 'sync') throw new PlatformError('invalid_params', 'level must be notify or sync.')
  return value
}

function headerSafe(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new PlatformError('invalid_params', `${what} must be a string or null.`)
  checkProcessString(value, what, MAX_BYTES)
  // A CR or LF would split the header it is sent in; other control characters no receiver accepts.
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) throw new PlatformError('invalid_params', `${what} may not contain control characters.`)
  // Node sends a header only in Latin-1 and refuses anything else at every attempt.
  if (what === 'authorization' && /[^\t\x20-\x7e\x80-\xff]/.test(value)) {
    throw new PlatformError('invalid_params', 'authorization may only contain printable ASCII or Latin-1 characters.')
  }
  if (value === '') throw new PlatformError('invalid_params', `${what} may not be empty: send null to remove it.`)
  return value
}
