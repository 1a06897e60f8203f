import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { Formation } from '../core/formation/formation.js'
import { listFormation } from './list-formation.js'
import type { ServiceDeps } from './service-deps.js'

/** One process type of the formation, by type or id. */
export async function getFormation(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string, typeOrId: string): Promise<{ app: App; formation: Formation }> {
  const { app, formation } = await listFormation(deps, caller, appRef)
  const entry = formation.find((f) => f.type === typeOrId || f.id === typeOrId.toLowerCase())
  if (!entry) throw notFound('formation', 'process type')
  return { app, formation: entry }
}
