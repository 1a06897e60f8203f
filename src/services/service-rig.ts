import type { X509Certificate } from 'node:crypto'
import { checkCertificate, describeCertificate } from '../tls/check-certificate.js'
import { randomBytes, randomUUID } from 'node:crypto'
import { FakeAddonProvider } from '../addons/fake/fake-addon-provider.js'
import { blobKeys } from '../blobs/blob-keys.js'
import type { BlobStore } from '../blobs/blob-store.js'
import { BuildOutputs } from '../build/build-outputs.js'
import type { Builder } from '../build/builder.js'
import type { Account } from '../core/accounts/account.js'
import { DEFAULT_STACK, type App } from '../core/apps/app.js'
import { systemClock } from '../core/clock.js'
import { createNodeCredentials } from '../credentials/node-credentials.js'
import { LogBuffer } from '../logs/log-buffer.js'
import { Fleet } from '../rollout/fleet.js'
import { GoLive } from '../rollout/go-live.js'
import { RolloutQueue } from '../rollout/rollout-queue.js'
import { RouteTable } from '../rollout/route-table.js'
import { SchedulerRuntime } from '../rollout/scheduler-runtime.js'
import { FakeScheduler } from '../scheduler/fake/fake-scheduler.js'
import type { FakeProgramOf } from '../scheduler/fake/fake-program.js'
import type { Store } from '../store/store.js'
import { createApp } from './create-app.js'
import { createRelease } from './create-release.js'
import type { ServiceDeps } from './service-deps.js'

export interface ServiceRigOptions {
  /** The real store the services run on (the tests open SQLite in a temporary directory). */
  store: Store
  blobs: BlobStore
  /** Default: a builder that refuses, for tests that build nothing. */
  builder?: Builder
  /** What each fake dyno does (default: a well-behaved app). */
  program?: FakeProgramOf
  /** The certificate authorities a certificate chain counts as trusted under (default none). */
  trustedRoots?: readonly X509Certificate[]
  /** Default: no download succeeds, and no tarball has an app.json. */
  setupSources?: ServiceDeps['setupSources']
}

export const SERVICE_RIG_TIMEOUTS = { bootTimeoutMs: 300, stopTimeoutMs: 200, releasePhaseTimeoutMs: 1000 }

const noBuilder: Builder = {
  build: () => Promise.reject(new Error('this test builds nothing')),
  purgeCache: async () => undefined,
}

/**
 * The services' ports as `server.ts` wires them, for fast tests of the use cases: the real store
 * and blob store handed in, the rollout's real parts on a FakeScheduler, a FakeAddonProvider per
 * catalog service, and recorders for what would reach other servers (drains, rendezvous, git).
 */
export function openServiceRig(options: ServiceRigOptions) {
  const { store, blobs } = options
  // The real log bus, as the server has it: services read it back (a push reads why its release failed).
  const logs = new LogBuffer()
  const errors: string[] = []
  const onError = (error: unknown, what: string) => void errors.push(`${what}: ${String(error)}`)
  const scheduler = new FakeScheduler({ logs, program: options.program, ...SERVICE_RIG_TIMEOUTS, onError })
  const routes = new RouteTable({ store, scheduler, domain: 'localhost' })
  const fleet = new Fleet()
  const releaseOutputs = new BuildOutputs(blobs, blobKeys.releaseOutput)
  const goLive = new GoLive({
    store, scheduler, routes, fleet, drainer: { drain: async () => undefined }, logs, releaseOutput: releaseOutputs,
    stopTimeoutMs: SERVICE_RIG_TIMEOUTS.stopTimeoutMs, releasePhaseTimeoutMs: SERVICE_RIG_TIMEOUTS.releasePhaseTimeoutMs, onError,
  })
  const rollout = new RolloutQueue({ goLive: (release) => goLive.release(release), store, logs, onError })
  const runtime = new SchedulerRuntime({ store, scheduler, routes, fleet, goLive, rollout, logs, onError })
  const providers = new Map(['berth-postgresql', 'berth-redis'].map((service) => [service, new FakeAddonProvider(service)]))
  const buildOutputs = new BuildOutputs(blobs)
  const removedAppFiles: string[] = []
  const refreshedDrains: string[] = []
  const tlsChanges: number[] = []
  const webhookEvents: { appId: string; entity: string; action: string }[] = []
  const deps: ServiceDeps = {
    store, blobs, rollout, runtime, logs, logReader: logs, releaseOutputs, credentials: createNodeCredentials(randomBytes(32)), clock: systemClock, random: Math.random, newId: randomUUID,
    builder: options.builder ?? noBuilder, buildOutputs,
    limits: { maxSourceBytes: 10 * 1024 * 1024, keepReleases: 5, capabilityTtlMs: 60_000 },
    appFiles: { remove: async (appId) => void removedAppFiles.push(appId), repoBytes: async () => 0 },
    addonProviders: providers,
    commits: { log: async () => [], compare: async () => null },
    rendezvous: { open: () => ({ url: `rendezvous://127.0.0.1:1/${randomUUID()}`, connection: new Promise(() => undefined) }) },
    logDrains: { refresh: async (appId) => void refreshedDrains.push(appId) },
    outbound: { problem: async () => null },
    setupSources: options.setupSources ?? { download: () => Promise.reject(new Error('this test downloads nothing')), readAppJson: () => Promise.resolve(null) },
    webhooks: {
      publish: (appId, entity, action) => void webhookEvents.push({ appId, entity, action }),
      publishChange: (appId, action, change) => void webhookEvents.push({ appId, entity: change.entity, action }),
    },
    acm: { wake: () => undefined },
    tls: {
      check: (chain, key) => checkCertificate(chain, key, { now: new Date(), roots: options.trustedRoots ?? [] }),
      describe: (chain) => describeCertificate(chain, options.trustedRoots ?? []), changed: () => void tlsChanges.push(Date.now()) },
  }
  let accounts = 0
  return {
    deps, store, blobs, scheduler, routes, providers, logs, errors, removedAppFiles, refreshedDrains, tlsChanges,
    /** What the services published to app webhooks, in order. */
    webhookEvents,
    /** A build's output lines, once it has finished. */
    async buildOutput(buildId: string) {
      const lines: string[] = []
      for await (const line of buildOutputs.follow(buildId)) lines.push(line)
      return lines
    },
    /** An app's log lines as `process: message`. */
    messages: (appId: string) => logs.recent(appId, Infinity).map((l) => `${l.process}: ${l.message}`),
    /** The app's newest release. */
    latest: async (appId: string) => (await store.listReleases(appId, { order: 'desc', max: 1 }))[0]!,
    /** A new account (an owner, a collaborator, a stranger or an admin). */
    account: (options: { admin?: boolean } = {}): Promise<Account> =>
      store.createAccount({ email: `user${++accounts}-${randomUUID().slice(0, 8)}@example.com`, name: null, passwordHash: null, isAdmin: options.admin ?? false }),
    app: (owner: Account): Promise<App> => createApp(deps, owner, {}),
    /** Deploys a slug of these process types as `createRelease` would after an upload; resolves once it is live or failed. */
    async deploy(caller: Account, app: App, processTypes: Record<string, string> = { web: 'node server.js' }, commit: string | null = null) {
      const slug = await store.createSlug({
        appId: app.id, processTypes, commit, commitDescription: null, buildpackProvidedDescription: null, stack: DEFAULT_STACK, checksum: null, sizeBytes: 3,
      })
      await blobs.put(blobKeys.slug(slug.id), Buffer.from('tgz'))
      return createRelease(deps, caller, app.id, { slug: slug.id })
    },
    /** The names of the app's dynos that are starting or up, sorted (replaced dynos stop in the background: poll). */
    running: (appId: string) => scheduler.list(appId).filter((d) => d.state === 'up' || d.state === 'starting').map((d) => d.name).sort(),
    async close() {
      await scheduler.shutdown()
      await store.close()
    },
  }
}

export type ServiceRig = ReturnType<typeof openServiceRig>
