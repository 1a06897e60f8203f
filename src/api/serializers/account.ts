import type { Account } from '../../core/accounts/account.js'
import { timestamp } from './timestamp.js'

/** Heroku's Account shape, with the fields the CLI reads and sensible values for the rest. */
export function serializeAccount(account: Account) {
  return {
    allow_tracking: false,
    beta: false,
    country_of_residence: null,
    created_at: timestamp(account.createdAt),
    default_organization: null,
    default_team: null,
    delinquent_at: null,
    email: account.email,
    federated: false,
    id: account.id,
    identity_provider: null,
    last_login: null,
    name: account.name,
    sms_number: null,
    suspended_at: null,
    two_factor_authentication: false,
    updated_at: timestamp(account.updatedAt),
    verified: true,
    berth_admin: account.isAdmin,
  }
}
