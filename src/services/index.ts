import type { ServiceDeps } from './service-deps.js'
import { addCollaborator } from './add-collaborator.js'
import { addDomain } from './add-domain.js'
import { addDrain } from './add-drain.js'
import { authenticate } from './authenticate.js'
import { buildOutputToken } from './build-output-token.js'
import { createAccount } from './create-account.js'
import { createAddon } from './create-addon.js'
import { createApp } from './create-app.js'
import { createAppSetup } from './create-app-setup.js'
import { getAppSetup } from './get-app-setup.js'
import { createAuthorization } from './create-authorization.js'
import { createBuild } from './create-build.js'
import { createLogSession } from './create-log-session.js'
import { createRelease } from './create-release.js'
import { createSlug } from './create-slug.js'
import { createSource } from './create-source.js'
import { deleteApp } from './delete-app.js'
import { deleteAuthorization } from './delete-authorization.js'
import { deployCommit } from './deploy-commit.js'
import { destroyAddon } from './destroy-addon.js'
import { diffReleases } from './diff-releases.js'
import { downloadSlugArchive } from './download-slug-archive.js'
import { downloadSource } from './download-source.js'
import { getAddon } from './get-addon.js'
import { getApp } from './get-app.js'
import { getAppInfo } from './get-app-info.js'
import { getBuild } from './get-build.js'
import { getConfigVars } from './get-config-vars.js'
import { getFormation } from './get-formation.js'
import { getRelease } from './get-release.js'
import { getSlug } from './get-slug.js'
import { holderStillAllowed } from './holder-still-allowed.js'
import { listAddons } from './list-addons.js'
import { listAppAddons } from './list-app-addons.js'
import { listApps } from './list-apps.js'
import { listBuilds } from './list-builds.js'
import { listCollaborators } from './list-collaborators.js'
import { listDomains } from './list-domains.js'
import { listDrains } from './list-drains.js'
import { listDynos } from './list-dynos.js'
import { listFormation } from './list-formation.js'
import { listReleases } from './list-releases.js'
import { loginWithPassword } from './login-with-password.js'
import { openLogSession } from './open-log-session.js'
import { purgeBuildCache } from './purge-build-cache.js'
import { redeemBuildOutput } from './redeem-build-output.js'
import { redeemReleaseOutput } from './redeem-release-output.js'
import { releaseOutputToken } from './release-output-token.js'
import { removeCollaborator } from './remove-collaborator.js'
import { removeDomain } from './remove-domain.js'
import { removeDrain } from './remove-drain.js'
import { resolveAddons } from './resolve-addons.js'
import { restartDynos } from './restart-dynos.js'
import { rollbackRelease } from './rollback-release.js'
import { runDyno } from './run-dyno.js'
import { scaleFormation } from './scale-formation.js'
import { setBuildpacks } from './set-buildpacks.js'
import { slugArchiveToken } from './slug-archive-token.js'
import { stopDynos } from './stop-dynos.js'
import { updateApp } from './update-app.js'
import { createSniEndpoint } from './create-sni-endpoint.js'
import { deleteSniEndpoint } from './delete-sni-endpoint.js'
import { getDomain } from './get-domain.js'
import { getSniEndpoint } from './get-sni-endpoint.js'
import { listSniEndpoints } from './list-sni-endpoints.js'
import { updateDomain } from './update-domain.js'
import { updateSniEndpoint } from './update-sni-endpoint.js'
import { setAcm } from './set-acm.js'
import { getAutoRollback, getReleaseMetrics, updateAutoRollback } from './release-health.js'
import { updateConfigVars } from './update-config-vars.js'
import { uploadSlugArchive } from './upload-slug-archive.js'
import { uploadSource } from './upload-source.js'
import { createWebhook } from './create-webhook.js'
import { listWebhooks } from './list-webhooks.js'
import { getWebhook } from './get-webhook.js'
import { updateWebhook } from './update-webhook.js'
import { deleteWebhook } from './delete-webhook.js'
import { listWebhookDeliveries } from './list-webhook-deliveries.js'
import { getWebhookDelivery } from './get-webhook-delivery.js'
import { listWebhookEvents } from './list-webhook-events.js'
import { getWebhookEvent } from './get-webhook-event.js'
import { createPipeline } from './create-pipeline.js'
import { listPipelines } from './list-pipelines.js'
import { getPipeline } from './get-pipeline.js'
import { updatePipeline } from './update-pipeline.js'
import { deletePipeline } from './delete-pipeline.js'
import { createPipelineCoupling } from './create-pipeline-coupling.js'
import { listPipelineCouplings } from './list-pipeline-couplings.js'
import { getPipelineCoupling } from './get-pipeline-coupling.js'
import { getAppPipelineCoupling } from './get-app-pipeline-coupling.js'
import { updatePipelineCoupling } from './update-pipeline-coupling.js'
import { deletePipelineCoupling } from './delete-pipeline-coupling.js'
import { createPipelinePromotion } from './create-pipeline-promotion.js'
import { getPipelinePromotion } from './get-pipeline-promotion.js'
import { listPipelineReleases } from './list-pipeline-releases.js'
import { filterApps } from './filter-apps.js'
import { getRepositoryLink } from './get-repository-link.js'
import { compareToken } from './compare-token.js'
import { compareCommits } from './compare-commits.js'

/** The use cases the edges call, by name. Steps the server runs itself (sweeps, recovery, the admin account) are not here. */
const SERVICES = {
  addCollaborator, addDomain, addDrain, authenticate, buildOutputToken, createAccount, createAddon, createApp, createAuthorization,
  createBuild, createLogSession, createRelease, createSlug, createSource, deleteApp, deleteAuthorization, deployCommit, destroyAddon,
  diffReleases, downloadSlugArchive, downloadSource, getAddon, getApp, getAppInfo, getBuild, getConfigVars, getFormation, getRelease, getSlug,
  holderStillAllowed, listAddons, listAppAddons, listApps, listBuilds, listCollaborators, listDomains, listDrains, listDynos,
  listFormation, listReleases, loginWithPassword, openLogSession, purgeBuildCache, redeemBuildOutput, redeemReleaseOutput,
  releaseOutputToken, removeCollaborator, removeDomain, removeDrain, resolveAddons, restartDynos, rollbackRelease, runDyno,
  scaleFormation, setBuildpacks, slugArchiveToken, stopDynos, updateApp, updateConfigVars, uploadSlugArchive, uploadSource,
  listSniEndpoints, getSniEndpoint, createSniEndpoint, updateSniEndpoint, deleteSniEndpoint, getDomain, updateDomain, setAcm,
  getReleaseMetrics, getAutoRollback, updateAutoRollback,
  createAppSetup, getAppSetup,
  createWebhook, listWebhooks, getWebhook, updateWebhook, deleteWebhook, listWebhookDeliveries, getWebhookDelivery, listWebhookEvents, getWebhookEvent,
  createPipeline, listPipelines, getPipeline, updatePipeline, deletePipeline, createPipelineCoupling, listPipelineCouplings, getPipelineCoupling,
  getAppPipelineCoupling, updatePipelineCoupling, deletePipelineCoupling, createPipelinePromotion, getPipelinePromotion, listPipelineReleases, filterApps,
  getRepositoryLink, compareToken, compareCommits,
}

type Bound<F> = F extends (deps: never, ...args: infer A) => infer R ? (...args: A) => R : never
export type Services = { [K in keyof typeof SERVICES]: Bound<(typeof SERVICES)[K]> }

/** The services with their ports applied: what the edges (API, git, router) are handed. */
export function bindServices(deps: ServiceDeps): Services {
  const bound: Record<string, unknown> = {}
  for (const [name, fn] of Object.entries(SERVICES)) {
    bound[name] = (...args: unknown[]) => (fn as (d: ServiceDeps, ...a: unknown[]) => unknown)(deps, ...args)
  }
  return bound as Services
}
