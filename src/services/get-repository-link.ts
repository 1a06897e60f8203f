import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { notFound } from '../core/errors/platform-error.js'
import type { Pipeline } from '../core/pipelines/pipeline.js'
import { authorizeApp } from './authorize-app.js'
import type { ServiceDeps } from './service-deps.js'

/**
 * What Heroku's GitHub integration answers for an app (`GET /apps/:app/github`): the repository it
 * deploys from. Berth keeps each app's own git repository, so the apps of one pipeline name one
 * repository, the pipeline's, and comparing in it looks through their repositories (ADR 0015).
 */
export async function getRepositoryLink(deps: Pick<ServiceDeps, 'store'>, caller: Account, appRef: string): Promise<{ app: App; pipeline: Pick<Pipeline, 'id' | 'name'> }> {
  const app = await authorizeApp(deps, caller, appRef)
  const coupling = await deps.store.findCouplingByApp(app.id)
  if (!coupling) throw notFound('app_link', 'repository link')
  return { app, pipeline: coupling.pipeline }
}
