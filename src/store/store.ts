import type { Account } from '../core/accounts/account.js'
import type { Collaborator } from '../core/accounts/collaborator.js'
import type { Addon } from '../core/addons/addon.js'
import type { App } from '../core/apps/app.js'
import type { Build } from '../core/builds/build.js'
import type { AppSetup, AppSetupPatch } from '../core/app-setups/app-setup.js'
import type { HeldDomain } from '../core/domains/custom-domain.js'
import type { CustomDomain } from '../core/domains/domain.js'
import type { CheckedCertificate } from '../core/certs/checked-certificate.js'
import type { HostCertificate, SniEndpoint } from '../core/certs/sni-endpoint.js'
import type { AcmeAccount, AcmOutcome } from './sql/certificate-queries.js'
import type { Formation } from '../core/formation/formation.js'
import type { FormationEntry } from '../core/formation/plan-formation.js'
import type { LogDrain } from '../core/logs/log-drain.js'
import type { ReleaseRef } from '../core/releases/parse-release-ref.js'
import type { Release, ReleaseDraft } from '../core/releases/release.js'
import type { Slug } from '../core/slugs/slug.js'
import type { Pipeline, PipelineCoupling, PipelinePromotion, PromotionTargetStatus } from '../core/pipelines/pipeline.js'
import type { PipelineStage } from '../core/pipelines/pipeline-stage.js'
import type { AutoRollbackSettings } from '../core/health/auto-rollback-settings.js'
import type { AppWebhook, WebhookDelivery, WebhookEvent } from '../core/webhooks/app-webhook.js'
import type { AddonFilter, AppPatch, BuildPage, NewAddon, NewApp, NewBuild, NewPromotion, NewSlug, NewWebhook, NewWebhookEvent, ReleaseMinute, ReleasePage, WebhookAttemptOutcome, WebhookPatch } from './store-inputs.js'
import type { AttachPlanner, DetachPlanner, ReleasePlanner } from './store-planners.js'
import type { AccountCredentials, DeletedApp, DueWebhookDelivery, InterruptedBuilds, SlugArchiveOutcome, Token } from './store-results.js'

/**
 * Berth's persistent state. Every method is atomic; implementations (SQLite,
 * PostgreSQL) pass the one contract suite in store.contract.ts. Unique
 * violations surface as PlatformError `conflict`. Config var values are
 * encrypted at rest by the implementation.
 */
export interface Store {
  createAccount(input: { email: string; name: string | null; passwordHash: string | null; isAdmin: boolean }): Promise<Account>
  findAccountByEmail(email: string): Promise<AccountCredentials | null>
  getAccount(id: string): Promise<Account | null>
  countAccounts(): Promise<number>

  createToken(input: { accountId: string; tokenHash: string; description: string; expiresAt: Date | null }): Promise<Token>
  /** The token's account if the hash matches a token that has not expired at `now`. */
  findAccountByTokenHash(tokenHash: string, now: Date): Promise<{ account: Account; token: Token } | null>
  /** The same by the token's id: capability URLs name the token they were issued through. */
  findAccountByTokenId(tokenId: string, now: Date): Promise<{ account: Account; token: Token } | null>
  deleteToken(accountId: string, tokenId: string): Promise<boolean>

  /** Creates the app and its initial releases in one transaction; the last one becomes current. */
  createApp(input: NewApp, initialReleases: ReleaseDraft[]): Promise<App>
  findApp(idOrName: string): Promise<App | null>
  /** Apps the account owns or collaborates on, by name. */
  listAppsForAccount(accountId: string): Promise<App[]>
  listAllApps(): Promise<App[]>
  updateApp(appId: string, patch: AppPatch): Promise<App>
  /**
   * Deletes the app and everything it owns; returns the ids of its slugs,
   * builds and releases so their archives and output logs can go too. Its
   * add-ons outlive it as `deprovisioning`, with no app, until their providers
   * have removed them.
   */
  deleteApp(appId: string): Promise<DeletedApp>

  listCollaborators(appId: string): Promise<Collaborator[]>
  addCollaborator(appId: string, accountId: string): Promise<Collaborator>
  removeCollaborator(appId: string, accountId: string): Promise<boolean>
  isCollaborator(appId: string, accountId: string): Promise<boolean>

  /** Records a pending app setup of an app that exists, made by `accountId`. */
  createAppSetup(input: { appId: string; accountId: string; successUrl: string | null }): Promise<AppSetup>
  getAppSetup(id: string): Promise<AppSetup | null>
  /** Recovery at start: fails every setup still pending that was created before `before`, with that message. */
  failInterruptedAppSetups(before: Date, failureMessage: string): Promise<AppSetup[]>
  /** Changes a setup; a status change applies only while it is pending, so a settled setup stays as it ended. */
  updateAppSetup(id: string, patch: AppSetupPatch): Promise<AppSetup>

  /**
   * Locks the app, reads the latest and current releases, asks the pure planner
   * for a draft, and inserts it under the next version, all in one transaction.
   * Returns null (and writes nothing) when the planner returns null; rolls back
   * if it throws.
   */
  appendRelease(appId: string, plan: ReleasePlanner): Promise<Release | null>
  /**
   * Settles a pending release. On success it becomes current unless a newer
   * release already is (or `current: false`: superseded before it went live),
   * so `current` only ever moves forward.
   */
  finishRelease(releaseId: string, status: 'succeeded' | 'failed', options?: { current?: boolean }): Promise<Release>
  getRelease(appId: string, ref: ReleaseRef): Promise<Release | null>
  /** Up to `max + 1` releases, so callers can tell whether more remain. */
  listReleases(appId: string, page: ReleasePage): Promise<Release[]>
  listPendingReleases(): Promise<Release[]>

  createSlug(input: NewSlug): Promise<Slug>
  /**
   * Records the size and checksum of a slug's uploaded archive, once: only while no release uses the
   * slug, no archive was recorded before, and the checksum matches the one the slug was created with
   * (if any). Otherwise it changes nothing and says why.
   */
  recordSlugArchive(slugId: string, sizeBytes: number, checksum: string): Promise<SlugArchiveOutcome>
  /** A slug the app built, or one any of its releases runs (a promoted slug, built by another app). */
  getSlug(appId: string, slugId: string): Promise<Slug | null>
  /** A slug by id alone, whichever app built it (`appId`): releasing another app's slug checks access to that app. */
  findSlug(slugId: string): Promise<Slug | null>
  /**
   * Retention: marks as deleted every slug the app built that no app's current
   * release nor any app's newest `keepReleases` releases use, expires the succeeded
   * releases (of every app) that used them, and returns their ids so the archives can go.
   */
  expireSlugs(appId: string, keepReleases: number): Promise<string[]>

  setAppBuildpacks(appId: string, buildpacks: string[]): Promise<App>

  listDomains(appId: string): Promise<CustomDomain[]>
  /**
   * Adds a custom hostname; `conflict` if any app has it already. `check` sees every other app's
   * domains with their owners, in the same transaction as the insert and with other additions
   * held off, and refuses by throwing: two concurrent claims cannot both pass it.
   */
  addDomain(appId: string, hostname: string, check?: (held: readonly HeldDomain[]) => void): Promise<CustomDomain>
  removeDomain(appId: string, hostname: string): Promise<boolean>

  listSniEndpoints(appId: string): Promise<SniEndpoint[]>
  /** Stores a checked certificate under a new Heroku-style name; its key is sealed. */
  createSniEndpoint(appId: string, cert: CheckedCertificate): Promise<SniEndpoint>
  updateSniEndpoint(endpointId: string, cert: CheckedCertificate): Promise<SniEndpoint | null>
  /** Removes the endpoint; the domains it served are left with none. */
  deleteSniEndpoint(endpointId: string): Promise<boolean>
  setDomainSniEndpoint(domainId: string, endpointId: string | null): Promise<CustomDomain | null>
  /** Turns ACM on (every domain pending, due now) or off (ACM's certificates forgotten). */
  setAppAcm(appId: string, enabled: boolean): Promise<void>
  recordAcm(domainId: string, outcome: AcmOutcome, attempts: number): Promise<void>
  /** The certificate to serve for each hostname that has one, keys opened: the router's book only. */
  hostCertificates(): Promise<HostCertificate[]>
  /** The certificates ACM issued the app's domains, without keys, while ACM is on. */
  acmCertificates(appId: string): Promise<{ domain: CustomDomain; chain: string }[]>
  acmeAccount(directoryUrl: string): Promise<AcmeAccount | null>
  /** Keeps the first account saved for a directory; returns the one kept. */
  saveAcmeAccount(directoryUrl: string, account: AcmeAccount): Promise<AcmeAccount>
  putAcmeChallenge(token: string, keyAuthorization: string, hostname: string, expiresAt: Date): Promise<void>
  /** The key authorization for an HTTP-01 token on `hostname`, while it lasts. */
  acmeChallenge(token: string, hostname: string): Promise<string | null>
  /** Removes the challenge, and any that expired. */
  deleteAcmeChallenge(token: string): Promise<void>
  /** ACM domains due for an order (new, failing and due again, or issued and expiring before `renewBefore`), unclaimed. */
  dueAcmDomains(renewBefore: Date): Promise<{ domain: CustomDomain; appName: string }[]>
  /** Claims a domain's order for this node until `until`; false when another node holds it. */
  claimAcm(domainId: string, until: Date): Promise<boolean>
  markAcmPending(domainId: string): Promise<void>

  listDrains(appId?: string): Promise<LogDrain[]>
  /** `conflict` if the app already drains to this URL. */
  addDrain(appId: string, url: string, token: string): Promise<LogDrain>
  removeDrain(appId: string, drainId: string): Promise<boolean>

  listWebhooks(appId: string): Promise<AppWebhook[]>
  createWebhook(appId: string, input: NewWebhook): Promise<AppWebhook>
  updateWebhook(appId: string, webhookId: string, patch: WebhookPatch): Promise<AppWebhook | null>
  /** Removes the webhook and its deliveries, so one still queued is never sent. */
  deleteWebhook(appId: string, webhookId: string): Promise<AppWebhook | null>
  /**
   * Records an event and a pending delivery to each of the app's webhooks that includes its entity,
   * in one transaction, and returns how many; writes nothing when no webhook includes it. An app
   * keeps its newest 1000 events (older ones go once none of their deliveries is open).
   */
  enqueueWebhookEvent(event: NewWebhookEvent): Promise<number>
  listWebhookEvents(appId: string): Promise<WebhookEvent[]>
  getWebhookEvent(appId: string, eventId: string): Promise<WebhookEvent | null>
  /** Oldest first; only those with `status` when given. */
  listWebhookDeliveries(appId: string, status?: string): Promise<WebhookDelivery[]>
  getWebhookDelivery(appId: string, deliveryId: string): Promise<WebhookDelivery | null>
  /** Claims up to `limit` open deliveries due now that no node holds, for this node until `until`. */
  claimWebhookDeliveries(until: Date, limit: number): Promise<DueWebhookDelivery[]>
  /** Records an attempt and releases the delivery's claim. */
  recordWebhookAttempt(deliveryId: string, outcome: WebhookAttemptOutcome): Promise<void>
  /** When the next open delivery is due (or its claim runs out); null when none is open. */
  nextWebhookDueAt(): Promise<Date | null>

  listFormation(appId: string): Promise<Formation[]>
  /** Makes the formation exactly these entries, keeping the ids of types that stay. */
  replaceFormation(appId: string, entries: readonly FormationEntry[]): Promise<Formation[]>

  /** Records a provisioned add-on as attached and appends its attach release, in one transaction under the app's lock. */
  attachAddon(appId: string, input: NewAddon, plan: AttachPlanner): Promise<{ addon: Addon; release: Release }>
  /**
   * Detaches an add-on and appends its detach release in one transaction; the
   * add-on stays as `deprovisioning` until deleteAddon. not_found if it is not attached.
   */
  detachAddon(addonId: string, plan: DetachPlanner): Promise<{ addon: Addon; release: Release }>
  /** By id or name. */
  findAddon(ref: string): Promise<Addon | null>
  listAddons(filter: AddonFilter): Promise<Addon[]>
  /** Forgets a `deprovisioning` add-on once its provider removed it. */
  deleteAddon(addonId: string): Promise<boolean>

  createBuild(input: NewBuild): Promise<Build>
  /** Links a running build to the slug it made, before that slug is released. */
  setBuildSlug(buildId: string, slugId: string): Promise<void>
  /**
   * Recovery at start: marks every build still pending that was created before `before` as failed,
   * and with it any pending release of the slug it made; returns both, oldest build first.
   */
  failInterruptedBuilds(before: Date): Promise<InterruptedBuilds>
  finishBuild(buildId: string, result: { status: 'succeeded' | 'failed'; slugId?: string; releaseId?: string }): Promise<Build>
  getBuild(appId: string, buildId: string): Promise<Build | null>
  /** Up to `max + 1` builds by creation time. */
  listBuilds(appId: string, page: BuildPage): Promise<Build[]>

  /** `conflict` when the name is taken. */
  createPipeline(input: { name: string; ownerId: string }): Promise<Pipeline>
  /** By id or name. */
  findPipeline(idOrName: string): Promise<Pipeline | null>
  /** Every pipeline (null), or those the account owns or has an app of its own or collaborated on in, by name. */
  listPipelines(accountId: string | null): Promise<Pipeline[]>
  /** `conflict` when the name is taken. */
  renamePipeline(pipelineId: string, name: string): Promise<Pipeline | null>
  /** Removes the pipeline, its couplings and its promotions; the apps stay. */
  deletePipeline(pipelineId: string): Promise<boolean>
  /** `conflict` when the app is in a pipeline already. */
  createCoupling(input: { pipelineId: string; appId: string; stage: PipelineStage }): Promise<PipelineCoupling>
  getCoupling(couplingId: string): Promise<PipelineCoupling | null>
  findCouplingByApp(appId: string): Promise<PipelineCoupling | null>
  /** Oldest first: one pipeline's, or those of the apps an account owns or collaborates on (every app's for null). */
  listCouplings(filter: { pipelineId: string } | { accountId: string | null }): Promise<PipelineCoupling[]>
  updateCouplingStage(couplingId: string, stage: PipelineStage): Promise<PipelineCoupling | null>
  deleteCoupling(couplingId: string): Promise<boolean>
  /** The promotion with one pending target per app, in one transaction. */
  createPromotion(input: NewPromotion): Promise<PipelinePromotion>
  getPromotion(promotionId: string): Promise<PipelinePromotion | null>
  setPromotionTargetRelease(targetId: string, releaseId: string): Promise<void>
  /** Settles a pending target (a settled one stays as it is); the promotion is `completed` once none is pending. */
  settlePromotionTarget(targetId: string, status: Exclude<PromotionTargetStatus, 'pending'>, errorMessage: string | null): Promise<void>

  close(): Promise<void>

  /** Adds counts to their releases' minutes (a minute counted before keeps what it had); counts of deleted apps go nowhere. */
  addReleaseMetrics(rows: readonly ReleaseMinute[]): Promise<void>
  /** A release's counted minutes, oldest first, from `fromMinute` (epoch minutes) on; only the newest `maxMinutes` of them when given. */
  listReleaseMetrics(appId: string, releaseVersion: number, fromMinute?: number, maxMinutes?: number): Promise<ReleaseMinute[]>
  /** Forgets every release's minutes before `beforeMinute` (epoch minutes); resolves with how many went. */
  expireReleaseMetrics(beforeMinute: number): Promise<number>
  /** The app's automatic rollback settings (the defaults, off, until set). */
  getAutoRollback(appId: string): Promise<AutoRollbackSettings>
  setAutoRollback(appId: string, settings: AutoRollbackSettings): Promise<AutoRollbackSettings>
}
