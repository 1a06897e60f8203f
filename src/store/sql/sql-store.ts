import type { Account } from '../../core/accounts/account.js'
import type { Collaborator } from '../../core/accounts/collaborator.js'
import type { Addon } from '../../core/addons/addon.js'
import type { App } from '../../core/apps/app.js'
import type { Build } from '../../core/builds/build.js'
import type { AppSetup, AppSetupPatch } from '../../core/app-setups/app-setup.js'
import type { HeldDomain } from '../../core/domains/custom-domain.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import type { Formation } from '../../core/formation/formation.js'
import type { FormationEntry } from '../../core/formation/plan-formation.js'
import type { LogDrain } from '../../core/logs/log-drain.js'
import type { ReleaseRef } from '../../core/releases/parse-release-ref.js'
import type { Release, ReleaseDraft } from '../../core/releases/release.js'
import type { Slug } from '../../core/slugs/slug.js'
import type { Pipeline, PipelineCoupling, PipelinePromotion, PromotionTargetStatus } from '../../core/pipelines/pipeline.js'
import type { PipelineStage } from '../../core/pipelines/pipeline-stage.js'
import { PipelineQueries } from './pipeline-queries.js'
import type { SecretBox } from '../secret-box.js'
import type { AutoRollbackSettings } from '../../core/health/auto-rollback-settings.js'
import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../../core/webhooks/app-webhook.js'
import type { AddonFilter, AppPatch, BuildPage, NewAddon, NewApp, NewBuild, NewPromotion, NewSlug, NewWebhook, NewWebhookEvent, ReleaseMinute, ReleasePage, WebhookAttemptOutcome, WebhookPatch } from '../store-inputs.js'
import type { AttachPlanner, DetachPlanner, ReleasePlanner } from '../store-planners.js'
import type { AccountCredentials, DeletedApp, DueWebhookDelivery, InterruptedBuilds, SlugArchiveOutcome, Token } from '../store-results.js'
import type { Store } from '../store.js'
import { AccountQueries } from './account-queries.js'
import { AddonQueries } from './addon-queries.js'
import { AppQueries } from './app-queries.js'
import { AppSetupQueries } from './app-setup-queries.js'
import { BuildQueries } from './build-queries.js'
import { DomainQueries } from './domain-queries.js'
import { CertificateQueries, type AcmeAccount, type AcmOutcome } from './certificate-queries.js'
import type { CheckedCertificate } from '../../core/certs/checked-certificate.js'
import type { HostCertificate, SniEndpoint } from '../../core/certs/sni-endpoint.js'
import { DrainQueries } from './drain-queries.js'
import { FormationQueries } from './formation-queries.js'
import { HealthQueries } from './health-queries.js'
import { ReleaseQueries } from './release-queries.js'
import { SlugQueries } from './slug-queries.js'
import { WebhookQueries } from './webhook-queries.js'
import type { SqlDriver } from './sql-driver.js'

export interface SqlStoreOptions {
  box: SecretBox
  now?: () => Date
}

/**
 * The Store over any SqlDriver, as the composition of one query class per concern; SqliteStore and
 * PostgresStore differ only in driver and DDL.
 */
export class SqlStore implements Store {
  readonly #db: SqlDriver
  readonly #accounts: AccountQueries
  readonly #apps: AppQueries
  readonly #setups: AppSetupQueries
  readonly #releases: ReleaseQueries
  readonly #slugs: SlugQueries
  readonly #domains: DomainQueries
  readonly #certificates: CertificateQueries
  readonly #drains: DrainQueries
  readonly #formation: FormationQueries
  readonly #addons: AddonQueries
  readonly #builds: BuildQueries
  readonly #health: HealthQueries
  readonly #webhooks: WebhookQueries
  readonly #pipelines: PipelineQueries

  constructor(db: SqlDriver, options: SqlStoreOptions) {
    this.#db = db
    // Strictly increasing timestamps, so rows made in the same millisecond still sort in creation order.
    const clock = options.now ?? (() => new Date())
    let last = 0
    const now = () => {
      last = Math.max(clock().getTime(), last + 1)
      return new Date(last)
    }
    this.#accounts = new AccountQueries(db, now)
    this.#releases = new ReleaseQueries(db, options.box, now)
    this.#apps = new AppQueries(db, this.#releases, now)
    this.#setups = new AppSetupQueries(db, now)
    this.#slugs = new SlugQueries(db, now)
    this.#domains = new DomainQueries(db, now)
    this.#certificates = new CertificateQueries(db, options.box, now)
    this.#drains = new DrainQueries(db, options.box, now)
    this.#formation = new FormationQueries(db, now)
    this.#addons = new AddonQueries(db, options.box, this.#releases, now)
    this.#builds = new BuildQueries(db, now)
    this.#health = new HealthQueries(db, now)
    this.#webhooks = new WebhookQueries(db, options.box, now)
    this.#pipelines = new PipelineQueries(db, now)
  }

  /** Seals what a Berth older than its migrations stored in the clear (drain URLs); run once the schema is migrated. */
  async sealLegacyValues(): Promise<void> {
    await this.#drains.sealLegacy()
  }

  createAccount(input: { email: string; name: string | null; passwordHash: string | null; isAdmin: boolean }): Promise<Account> {
    return this.#accounts.create(input)
  }
  findAccountByEmail(email: string): Promise<AccountCredentials | null> {
    return this.#accounts.findByEmail(email)
  }
  getAccount(id: string): Promise<Account | null> {
    return this.#accounts.get(id)
  }
  countAccounts(): Promise<number> {
    return this.#accounts.count()
  }
  createToken(input: { accountId: string; tokenHash: string; description: string; expiresAt: Date | null }): Promise<Token> {
    return this.#accounts.createToken(input)
  }
  findAccountByTokenHash(tokenHash: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    return this.#accounts.findByTokenHash(tokenHash, now)
  }
  findAccountByTokenId(tokenId: string, now: Date): Promise<{ account: Account; token: Token } | null> {
    return this.#accounts.findByTokenId(tokenId, now)
  }
  deleteToken(accountId: string, tokenId: string): Promise<boolean> {
    return this.#accounts.deleteToken(accountId, tokenId)
  }

  createApp(input: NewApp, initialReleases: ReleaseDraft[]): Promise<App> {
    return this.#apps.create(input, initialReleases)
  }
  findApp(idOrName: string): Promise<App | null> {
    return this.#apps.find(idOrName)
  }
  listAppsForAccount(accountId: string): Promise<App[]> {
    return this.#apps.listForAccount(accountId)
  }
  listAllApps(): Promise<App[]> {
    return this.#apps.listAll()
  }
  updateApp(appId: string, patch: AppPatch): Promise<App> {
    return this.#apps.update(appId, patch)
  }
  setAppBuildpacks(appId: string, buildpacks: string[]): Promise<App> {
    return this.#apps.setBuildpacks(appId, buildpacks)
  }
  deleteApp(appId: string): Promise<DeletedApp> {
    return this.#apps.delete(appId)
  }

  listCollaborators(appId: string): Promise<Collaborator[]> {
    return this.#apps.listCollaborators(appId)
  }
  addCollaborator(appId: string, accountId: string): Promise<Collaborator> {
    return this.#apps.addCollaborator(appId, accountId)
  }
  removeCollaborator(appId: string, accountId: string): Promise<boolean> {
    return this.#apps.removeCollaborator(appId, accountId)
  }
  isCollaborator(appId: string, accountId: string): Promise<boolean> {
    return this.#apps.isCollaborator(appId, accountId)
  }

  createAppSetup(input: { appId: string; accountId: string; successUrl: string | null }): Promise<AppSetup> {
    return this.#setups.create(input)
  }
  getAppSetup(id: string): Promise<AppSetup | null> {
    return this.#setups.get(id)
  }
  failInterruptedAppSetups(before: Date, failureMessage: string): Promise<AppSetup[]> {
    return this.#setups.failInterrupted(before, failureMessage)
  }
  updateAppSetup(id: string, patch: AppSetupPatch): Promise<AppSetup> {
    return this.#setups.update(id, patch)
  }

  appendRelease(appId: string, plan: ReleasePlanner): Promise<Release | null> {
    return this.#releases.append(appId, plan)
  }
  finishRelease(releaseId: string, status: 'succeeded' | 'failed', options: { current?: boolean } = {}): Promise<Release> {
    return this.#releases.finish(releaseId, status, options.current ?? true)
  }
  getRelease(appId: string, ref: ReleaseRef): Promise<Release | null> {
    return this.#releases.get(appId, ref)
  }
  listReleases(appId: string, page: ReleasePage): Promise<Release[]> {
    return this.#releases.list(appId, page)
  }
  listPendingReleases(): Promise<Release[]> {
    return this.#releases.listPending()
  }

  createSlug(input: NewSlug): Promise<Slug> {
    return this.#slugs.create(input)
  }
  recordSlugArchive(slugId: string, sizeBytes: number, checksum: string): Promise<SlugArchiveOutcome> {
    return this.#slugs.recordArchive(slugId, sizeBytes, checksum)
  }
  getSlug(appId: string, slugId: string): Promise<Slug | null> {
    return this.#slugs.get(appId, slugId)
  }
  findSlug(slugId: string): Promise<Slug | null> {
    return this.#slugs.find(slugId)
  }
  expireSlugs(appId: string, keepReleases: number): Promise<string[]> {
    return this.#slugs.expire(appId, keepReleases)
  }

  listDomains(appId: string): Promise<CustomDomain[]> {
    return this.#domains.list(appId)
  }
  addDomain(appId: string, hostname: string, check?: (held: readonly HeldDomain[]) => void): Promise<CustomDomain> {
    return this.#domains.add(appId, hostname, check)
  }
  removeDomain(appId: string, hostname: string): Promise<boolean> {
    return this.#domains.remove(appId, hostname)
  }

  listSniEndpoints(appId: string): Promise<SniEndpoint[]> {
    return this.#certificates.listEndpoints(appId)
  }
  createSniEndpoint(appId: string, cert: CheckedCertificate): Promise<SniEndpoint> {
    return this.#certificates.createEndpoint(appId, cert)
  }
  updateSniEndpoint(endpointId: string, cert: CheckedCertificate): Promise<SniEndpoint | null> {
    return this.#certificates.updateEndpoint(endpointId, cert)
  }
  deleteSniEndpoint(endpointId: string): Promise<boolean> {
    return this.#certificates.deleteEndpoint(endpointId)
  }
  setDomainSniEndpoint(domainId: string, endpointId: string | null): Promise<CustomDomain | null> {
    return this.#certificates.setDomainEndpoint(domainId, endpointId)
  }
  setAppAcm(appId: string, enabled: boolean): Promise<void> {
    return this.#certificates.setAppAcm(appId, enabled)
  }
  recordAcm(domainId: string, outcome: AcmOutcome, attempts: number): Promise<void> {
    return this.#certificates.recordAcm(domainId, outcome, attempts)
  }
  hostCertificates(): Promise<HostCertificate[]> {
    return this.#certificates.hostCertificates()
  }
  acmCertificates(appId: string): Promise<{ domain: CustomDomain; chain: string }[]> {
    return this.#certificates.acmCertificates(appId)
  }
  acmeAccount(directoryUrl: string): Promise<AcmeAccount | null> {
    return this.#certificates.acmeAccount(directoryUrl)
  }
  saveAcmeAccount(directoryUrl: string, account: AcmeAccount): Promise<AcmeAccount> {
    return this.#certificates.saveAcmeAccount(directoryUrl, account)
  }
  putAcmeChallenge(token: string, keyAuthorization: string, hostname: string, expiresAt: Date): Promise<void> {
    return this.#certificates.putAcmeChallenge(token, keyAuthorization, hostname, expiresAt)
  }
  acmeChallenge(token: string, hostname: string): Promise<string | null> {
    return this.#certificates.acmeChallenge(token, hostname)
  }
  deleteAcmeChallenge(token: string): Promise<void> {
    return this.#certificates.deleteAcmeChallenge(token)
  }
  dueAcmDomains(renewBefore: Date): Promise<{ domain: CustomDomain; appName: string }[]> {
    return this.#certificates.dueAcmDomains(renewBefore)
  }
  claimAcm(domainId: string, until: Date): Promise<boolean> {
    return this.#certificates.claimAcm(domainId, until)
  }
  markAcmPending(domainId: string): Promise<void> {
    return this.#certificates.markAcmPending(domainId)
  }

  listDrains(appId?: string): Promise<LogDrain[]> {
    return this.#drains.list(appId)
  }
  addDrain(appId: string, url: string, token: string): Promise<LogDrain> {
    return this.#drains.add(appId, url, token)
  }
  removeDrain(appId: string, drainId: string): Promise<boolean> {
    return this.#drains.remove(appId, drainId)
  }

  listWebhooks(appId: string): Promise<AppWebhook[]> {
    return this.#webhooks.list(appId)
  }
  createWebhook(appId: string, input: NewWebhook): Promise<AppWebhook> {
    return this.#webhooks.create(appId, input)
  }
  updateWebhook(appId: string, webhookId: string, patch: WebhookPatch): Promise<AppWebhook | null> {
    return this.#webhooks.update(appId, webhookId, patch)
  }
  deleteWebhook(appId: string, webhookId: string): Promise<AppWebhook | null> {
    return this.#webhooks.delete(appId, webhookId)
  }
  enqueueWebhookEvent(event: NewWebhookEvent): Promise<number> {
    return this.#webhooks.enqueue(event)
  }
  listWebhookEvents(appId: string): Promise<WebhookEvent[]> {
    return this.#webhooks.listEvents(appId)
  }
  getWebhookEvent(appId: string, eventId: string): Promise<WebhookEvent | null> {
    return this.#webhooks.getEvent(appId, eventId)
  }
  listWebhookDeliveries(appId: string, status?: string): Promise<WebhookDelivery[]> {
    return this.#webhooks.listDeliveries(appId, status)
  }
  getWebhookDelivery(appId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    return this.#webhooks.getDelivery(appId, deliveryId)
  }
  claimWebhookDeliveries(until: Date, limit: number): Promise<DueWebhookDelivery[]> {
    return this.#webhooks.claimDue(until, limit)
  }
  recordWebhookAttempt(deliveryId: string, outcome: WebhookAttemptOutcome): Promise<void> {
    return this.#webhooks.recordAttempt(deliveryId, outcome)
  }
  nextWebhookDueAt(): Promise<Date | null> {
    return this.#webhooks.nextDueAt()
  }

  listFormation(appId: string): Promise<Formation[]> {
    return this.#formation.list(appId)
  }
  replaceFormation(appId: string, entries: readonly FormationEntry[]): Promise<Formation[]> {
    return this.#formation.replace(appId, entries)
  }

  attachAddon(appId: string, input: NewAddon, plan: AttachPlanner): Promise<{ addon: Addon; release: Release }> {
    return this.#addons.attach(appId, input, plan)
  }
  detachAddon(addonId: string, plan: DetachPlanner): Promise<{ addon: Addon; release: Release }> {
    return this.#addons.detach(addonId, plan)
  }
  findAddon(ref: string): Promise<Addon | null> {
    return this.#addons.find(ref)
  }
  listAddons(filter: AddonFilter): Promise<Addon[]> {
    return this.#addons.list(filter)
  }
  deleteAddon(addonId: string): Promise<boolean> {
    return this.#addons.delete(addonId)
  }

  createBuild(input: NewBuild): Promise<Build> {
    return this.#builds.create(input)
  }
  setBuildSlug(buildId: string, slugId: string): Promise<void> {
    return this.#builds.setSlug(buildId, slugId)
  }
  failInterruptedBuilds(before: Date): Promise<InterruptedBuilds> {
    return this.#builds.failInterrupted(before)
  }
  finishBuild(buildId: string, result: { status: 'succeeded' | 'failed'; slugId?: string; releaseId?: string }): Promise<Build> {
    return this.#builds.finish(buildId, result)
  }
  getBuild(appId: string, buildId: string): Promise<Build | null> {
    return this.#builds.get(appId, buildId)
  }
  listBuilds(appId: string, page: BuildPage): Promise<Build[]> {
    return this.#builds.list(appId, page)
  }

  addReleaseMetrics(rows: readonly ReleaseMinute[]): Promise<void> {
    return this.#health.addMetrics(rows)
  }
  expireReleaseMetrics(beforeMinute: number): Promise<number> {
    return this.#health.expireMetrics(beforeMinute)
  }
  listReleaseMetrics(appId: string, releaseVersion: number, fromMinute?: number, maxMinutes?: number): Promise<ReleaseMinute[]> {
    return this.#health.listMetrics(appId, releaseVersion, fromMinute, maxMinutes)
  }
  getAutoRollback(appId: string): Promise<AutoRollbackSettings> {
    return this.#health.getAutoRollback(appId)
  }
  setAutoRollback(appId: string, settings: AutoRollbackSettings): Promise<AutoRollbackSettings> {
    return this.#health.setAutoRollback(appId, settings)
  }

  createPipeline(input: { name: string; ownerId: string }): Promise<Pipeline> {
    return this.#pipelines.create(input)
  }
  findPipeline(idOrName: string): Promise<Pipeline | null> {
    return this.#pipelines.find(idOrName)
  }
  listPipelines(accountId: string | null): Promise<Pipeline[]> {
    return this.#pipelines.list(accountId)
  }
  renamePipeline(pipelineId: string, name: string): Promise<Pipeline | null> {
    return this.#pipelines.rename(pipelineId, name)
  }
  deletePipeline(pipelineId: string): Promise<boolean> {
    return this.#pipelines.delete(pipelineId)
  }
  createCoupling(input: { pipelineId: string; appId: string; stage: PipelineStage }): Promise<PipelineCoupling> {
    return this.#pipelines.couple(input)
  }
  getCoupling(couplingId: string): Promise<PipelineCoupling | null> {
    return this.#pipelines.coupling(couplingId)
  }
  findCouplingByApp(appId: string): Promise<PipelineCoupling | null> {
    return this.#pipelines.couplingOfApp(appId)
  }
  listCouplings(filter: { pipelineId: string } | { accountId: string | null }): Promise<PipelineCoupling[]> {
    return this.#pipelines.couplings(filter)
  }
  updateCouplingStage(couplingId: string, stage: PipelineStage): Promise<PipelineCoupling | null> {
    return this.#pipelines.restage(couplingId, stage)
  }
  deleteCoupling(couplingId: string): Promise<boolean> {
    return this.#pipelines.uncouple(couplingId)
  }
  createPromotion(input: NewPromotion): Promise<PipelinePromotion> {
    return this.#pipelines.createPromotion(input)
  }
  getPromotion(promotionId: string): Promise<PipelinePromotion | null> {
    return this.#pipelines.promotion(promotionId)
  }
  setPromotionTargetRelease(targetId: string, releaseId: string): Promise<void> {
    return this.#pipelines.setTargetRelease(targetId, releaseId)
  }
  settlePromotionTarget(targetId: string, status: Exclude<PromotionTargetStatus, 'pending'>, errorMessage: string | null): Promise<void> {
    return this.#pipelines.settleTarget(targetId, status, errorMessage)
  }

  close(): Promise<void> {
    return this.#db.close()
  }
}
