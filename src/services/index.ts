import type { ServiceDeps } from './service-deps.js'
import { addCollaborator } from './add-collaborator.js'
import { authenticate } from './authenticate.js'
import { createAccount } from './create-account.js'
import { createApp } from './create-app.js'
import { createAuthorization, loginWithPassword } from './create-authorization.js'
import { createRelease } from './create-release.js'
import { createSlug } from './create-slug.js'
import { deleteApp } from './delete-app.js'
import { deleteAuthorization } from './delete-authorization.js'
import { getApp } from './get-app.js'
import { getAppInfo } from './get-app-info.js'
import { getConfigVars } from './get-config-vars.js'
import { getRelease } from './get-release.js'
import { getSlug } from './get-slug.js'
import { listApps } from './list-apps.js'
import { listCollaborators } from './list-collaborators.js'
import { listReleases } from './list-releases.js'
import { removeCollaborator } from './remove-collaborator.js'
import { rollbackRelease } from './rollback-release.js'
import { updateApp } from './update-app.js'
import { updateConfigVars } from './update-config-vars.js'
import { createBuild } from './create-build.js'
import { deployCommit } from './deploy-commit.js'
import { getBuild, listBuilds, purgeBuildCache, setBuildpacks } from './builds.js'
import { createSource, downloadSource, uploadSource } from './sources.js'
import { getFormation, listFormation } from './formation.js'
import { listDynos, restartDynos, runDyno, scaleFormation, stopDynos } from './dynos.js'
import { redeemReleaseOutput, releaseOutputToken } from './release-output.js'
import { buildOutputToken, redeemBuildOutput } from './build-output.js'
import { holderStillAllowed } from './capability.js'
import { downloadSlugArchive, slugArchiveToken, uploadSlugArchive } from './slug-archives.js'
import { addDomain, listDomains, removeDomain } from './domains.js'
import { createLogSession, openLogSession } from './log-sessions.js'
import { addDrain, listDrains, removeDrain } from './log-drains.js'
import { diffReleases } from './diff-releases.js'
import { createAddon, destroyAddon, getAddon, listAddons, listAppAddons, resolveAddons } from './addons.js'

const SERVICES = {
  addCollaborator, authenticate, createAccount, createApp, createAuthorization, createRelease, createSlug,
  deleteApp, deleteAuthorization, getApp, getAppInfo, getConfigVars, getRelease, getSlug, listApps, listCollaborators,
  listReleases, loginWithPassword, removeCollaborator, rollbackRelease, updateApp, updateConfigVars,
  createBuild, deployCommit, getBuild, listBuilds, purgeBuildCache, setBuildpacks, createSource, downloadSource, uploadSource,
  getFormation, listFormation, listDynos, restartDynos, runDyno, scaleFormation, stopDynos, releaseOutputToken, redeemReleaseOutput,
  buildOutputToken, redeemBuildOutput, holderStillAllowed,
  downloadSlugArchive, slugArchiveToken, uploadSlugArchive, addDomain, listDomains, removeDomain, createLogSession, openLogSession, addDrain, listDrains, removeDrain,
  createAddon, destroyAddon, getAddon, listAddons, listAppAddons, resolveAddons, diffReleases,
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
