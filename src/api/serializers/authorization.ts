import type { Authorization } from '../../services/create-authorization.js'
import { timestamp } from './timestamp.js'

/** Heroku's OAuth Authorization shape; `access_token.token` is the only time the secret is shown. */
export function serializeAuthorization({ account, token, secret }: Authorization, now: Date) {
  const expiresIn = token.expiresAt === null ? null : Math.max(0, Math.round((token.expiresAt.getTime() - now.getTime()) / 1000))
  return {
    access_token: { expires_in: expiresIn, id: token.id, token: secret },
    client: null,
    created_at: timestamp(token.createdAt),
    description: token.description,
    grant: null,
    id: token.id,
    refresh_token: null,
    scope: ['global'],
    session: null,
    updated_at: timestamp(token.createdAt),
    user: { email: account.email, full_name: account.name, id: account.id },
  }
}
