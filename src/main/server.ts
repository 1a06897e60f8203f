import { createHash, randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { pino, type Logger } from 'pino'
import type { AddonProvider } from '../addons/addon-provider.js'
import { PostgresProvider } from '../addons/postgresql/postgres-provider.js'
import { RedisProvider } from '../addons/redis/redis-provider.js'
import { webUrl, type ApiUrls } from '../api/api-context.js'
import { buildApi } from '../api/build-api.js'
import { FsBlobStore } from '../blobs/fs/fs-blob-store.js'
import { blobKeys } from '../blobs/blob-keys.js'
import { BuildOutputs } from '../build/build-outputs.js'
import { LocalBuilder } from '../build/local-builder.js'
import { DEFAULT_STACK } from '../core/apps/app.js'
import { systemClock } from '../core/clock.js'
import { ConfigError, type Config } from '../config/load-config.js'
import { dataPaths } from '../config/paths.js'
import { createNodeCredentials } from '../credentials/node-credentials.js'
import { directoryBytes, GitRepos } from '../git/git-repos.js'
import { gitRoutes } from '../git/git-routes.js'
import { PushSessions } from '../git/push-sessions.js'
import { LogBuffer } from '../logs/log-buffer.js'
import { ActiveDrains } from '../logs/drains/active-drains.js'
import { OutboundGuard } from '../outbound/outbound-guard.js'
import { getOutbound } from '../outbound/get-outbound.js'
import { readAppJson } from '../build/read-app-json.js'
import { MAX_MANIFEST_BYTES } from '../core/app-setups/app-manifest.js'
import { readFileSync } from 'node:fs'
import { Fleet } from '../rollout/fleet.js'
import { GoLive } from '../rollout/go-live.js'
import { RolloutQueue } from '../rollout/rollout-queue.js'
import { RouteTable } from '../rollout/route-table.js'
import { SchedulerRuntime } from '../rollout/scheduler-runtime.js'
import { CertificateBook } from '../rollout/certificate-book.js'
import { rootsWith, trustedRoots } from '../tls/trusted-roots.js'
import { checkCertificate, describeCertificate } from '../tls/check-certificate.js'
import { AcmeOrders } from '../acme/acme-orders.js'
import { AcmManager } from '../acme/acm-manager.js'
import type { FallbackCertificateSource } from '../router/certificate-source.js'
import { Router } from '../router/proxy.js'
import { DynoPorts } from '../scheduler/local/dyno-ports.js'
import { LocalScheduler } from '../scheduler/local/local-scheduler.js'
import type { Dyno, Scheduler } from '../scheduler/scheduler.js'
import { SlugFiles } from '../scheduler/local/slug-files.js'
import { DynoCgroups } from '../scheduler/local/dyno-cgroups.js'
import { bindServices } from '../services/index.js'
import { ensureAdminAccount } from '../services/ensure-admin-account.js'
import { sweepDetachedAddons } from '../services/sweep-detached-addons.js'
import { PostgresStore } from '../store/postgres/postgres-store.js'
import { SecretBox } from '../store/secret-box.js'
import { SqliteStore } from '../store/sqlite/sqlite-store.js'
import type { Store } from '../store/store.js'
import { acceptTlsOnSamePort } from '../tls/accept-tls.js'
import { answerConnectForStandIns, STAND_IN_HOSTS } from '../tls/connect-stand-in.js'
import { CertificateFiles } from '../tls/certificate-files.js'
import { ensureLocalTls, openLocalCa } from '../tls/local-ca.js'
import { MintedCertificates } from '../tls/minted-certificates.js'
import { RendezvousServer } from '../rendezvous/rendezvous-server.js'
import { OpenStreams } from '../api/open-streams.js'
import { recoverInterruptedBuilds } from '../services/recover-interrupted-builds.js'
import { recoverInterruptedAppSetups } from '../services/recover-interrupted-app-setups.js'
import { listPushedDeploys } from '../services/list-pushed-deploys.js'
import { findNetworkFence } from './find-network-fence.js'
import { openDynoLauncher } from './open-dyno-launcher.js'
import { openKubernetesBuilds } from './open-kubernetes-builds.js'
import { openKubernetesScheduler } from './open-kubernetes-scheduler.js'
import { AutoRollback } from '../health/auto-rollback.js'
import { ReleaseMeter } from '../health/release-meter.js'
import { autoRollbackRelease } from '../services/auto-rollback-release.js'
import { describeEscapedError } from './process-guard.js'
import { findSandbox } from './find-sandbox.js'
import { stopServer } from './stop-server.js'
import { loadOrCreateSecretKey } from './secret-key.js'
import { boundPort, certificateHosts, listeningUrls, rendezvousBaseUrl } from './server-urls.js'
import { RuntimeStore } from '../runtimes/runtime-store.js'
import { WebhookDispatcher } from '../webhooks/webhook-dispatcher.js'
import { WebhookPublisher } from '../webhooks/webhook-publisher.js'

// An app setup's tarball download, body included; a slower server fails the setup rather than hold the request.
const SETUP_DOWNLOAD_TIMEOUT_MS = 5 * 60_000
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface RunningServer {
  apiUrl: string
  routerUrl: string
  /** The router's HTTPS: `https://host:port`. */
  routerTlsUrl: string
  /** The log bus (tests write to it and read from it directly). */
  logs: LogBuffer
  /** The local CA that signed the API port's TLS certificate. */
  caCertPath: string
  /** Stops everything within the dyno stop timeout (see stop-server.ts). */
  close(): Promise<void>
}

export interface ServerOptions {
  logger?: Logger
  /** Where one-time notices (the generated admin key, the listening URL) go. */
  print?: (text: string) => void
}

/** Wires every component from the config; the only place that picks implementations. */
export async function startServer(config: Readonly<Config>, options: ServerOptions = {}): Promise<RunningServer> {
  const startedAt = systemClock.now()
  const logger = options.logger ?? createLogger(config.logLevel)
  // Work nobody waits for (rollouts queued in the background, drains, restarts) reports here.
  const reportError = (error: unknown, what: string) => logger.error({ escaped: describeEscapedError(error) }, what)
  const print = options.print ?? ((text: string) => process.stdout.write(text))
  const paths = dataPaths(config.dataDir)
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const secretKey = loadOrCreateSecretKey(config.secretKey, paths.secretKey)
  const store: Store = config.databaseUrl
    ? await PostgresStore.open(config.databaseUrl, { box: new SecretBox(secretKey) })
    : await SqliteStore.open(paths.database, { box: new SecretBox(secretKey) })

  const logs = new LogBuffer()
  // Release health (ADR 0014): what the router and the dynos' events say of each release.
  const meter = new ReleaseMeter({ store, onError: reportError })
  const dynoLogs = meter.tap(logs)
  const blobs = new FsBlobStore(paths.blobs)
  const sandbox = findSandbox(config.build.sandbox)
  if (sandbox.warning) logger.warn(sandbox.warning)
  const { fence, warning: fenceWarning } = await findNetworkFence(config.runtime.dynoNetwork, paths.namespaces)
  if (fenceWarning) logger.warn(fenceWarning)
  const cgroups = DynoCgroups.detect(serverTag(config.dataDir))
  if (!cgroups?.controllers.includes('pids')) logger.warn('No writable pids cgroup here: a fork bomb in a dyno is not held to its dyno (see docs/security.md).')
  // Berth's own runtimes (ADR 0010): traversable, like the work dir, by the sandboxes that mount it.
  mkdirSync(config.build.runtimeStoreDir, { recursive: true, mode: 0o755 })
  const runtimeStore = new RuntimeStore(config.build.runtimeStoreDir)
  const slugs = new SlugFiles({ dir: join(config.build.workDir, 'slugs'), blobs, bwrap: sandbox.bwrap, user: sandbox.user })
  const runtimes = { dirs: { operatorDir: config.build.runtimesDir, storeDir: runtimeStore.dir }, ensureAll: (refs: readonly string[]) => runtimeStore.ensureAll(refs) }
  // Kubernetes runs the dynos itself (the Scheduler port, below); the launchers are for the local scheduler.
  const launcher = config.runtime.scheduler === 'kubernetes' ? null
    : await openDynoLauncher(config, { fence, user: sandbox.user, serverTag: serverTag(config.dataDir), slugs, runtimes, blobs, runtimeStore })
  const kubernetes = config.runtime.scheduler === 'kubernetes' ? await openKubernetesScheduler(config, { blobs, runtimeStore, logs: dynoLogs, onError: reportError }) : null
  // Once the cluster has answered: a build that cannot run is the next thing to tell the operator.
  const kubernetesBuilds = kubernetes && await openKubernetesBuilds(config, { fence, user: sandbox.user, serverTag: serverTag(config.dataDir) })
    .catch(async (error: unknown) => { await kubernetes.close(); throw error })
  const builder = new LocalBuilder({
    workDir: config.build.workDir, builtinDir: `${PACKAGE_ROOT}buildpacks`, allowedBuildpackPaths: config.build.buildpackPaths,
    bwrap: sandbox.bwrap, user: sandbox.user, network: fence, timeoutMs: config.build.timeoutMs, maxSlugBytes: config.build.maxSlugBytes,
    maxSourceBytes: config.build.maxSourceBytes, stack: DEFAULT_STACK, runtimesDir: config.build.runtimesDir, runtimeStore,
    // Swarm's and Kubernetes' dynos run in the stack image: their builds do too (unless BERTH_KUBERNETES_BUILDS=local).
    steps: launcher?.buildSteps ?? kubernetesBuilds?.steps,
  })
  const scheduler: Scheduler = kubernetes?.scheduler ?? new LocalScheduler({
    runDir: config.dataDir, bwrap: sandbox.bwrap, user: sandbox.user, ports: new DynoPorts(config.runtime.dynoPorts.first, config.runtime.dynoPorts.last),
    logs: dynoLogs, slugs, bootTimeoutMs: config.runtime.bootTimeoutMs, stopTimeoutMs: config.runtime.stopTimeoutMs,
    cooloffUnitMs: config.runtime.cooloffUnitMs, stableAfterMs: config.runtime.cooloffUnitMs, memoryCheckMs: 5000,
    cgroups, network: fence, onError: reportError, runtimes, launcher: launcher?.launch,
  })
  // The route table first, for the router; going live drains through the router.
  const routes = new RouteTable({ store, scheduler, domain: config.domain })
  const router = new Router({
    routes, logs, requestTimeoutMs: config.runtime.routerTimeoutMs, bootQueueMs: config.runtime.bootTimeoutMs,
    challenges: { keyAuthorization: (token, hostname) => store.acmeChallenge(token, hostname) }, forceHttps: config.forceHttps, requests: meter,
  })
  const releaseOutputs = new BuildOutputs(blobs, blobKeys.releaseOutput)
  const fleet = new Fleet()
  // Rolls back through the services (bound below, before any release can go live).
  const autoRollback = new AutoRollback({
    meter, store, onError: reportError, rollBack: (appId, from, target, reason) => autoRollbackRelease(deps, appId, from, target, reason),
  })
  const goLive = new GoLive({
    store, scheduler, routes, fleet, drainer: router, logs, releaseOutput: releaseOutputs,
    stopTimeoutMs: config.runtime.stopTimeoutMs, releasePhaseTimeoutMs: config.runtime.releasePhaseTimeoutMs, onError: reportError,
    wentLive: (release, replaced) => autoRollback.wentLive(release, replaced), resumed: (release) => autoRollback.resumed(release),
  })
  const rollout = new RolloutQueue({ goLive: (release) => goLive.release(release), store, logs, onError: reportError })
  const runtime = new SchedulerRuntime({ store, scheduler, routes, fleet, goLive, rollout, logs, onError: reportError })
  const buildOutputs = new BuildOutputs(blobs)
  // The certificates apps bring or ACM issued, for the router's TLS handshakes.
  const certificateBook = new CertificateBook({ store, onError: reportError })
  const roots = trustedRoots()
  const acmeOrders = new AcmeOrders({
    directoryUrl: config.acme.directoryUrl, email: config.acme.email, serverCa: config.acme.caFile ? readFileSync(config.acme.caFile, 'utf8') : null, store,
  })
  const acm = new AcmManager({
    store, orders: acmeOrders, logs, certificates: certificateBook, onError: reportError, pollMs: config.acme.pollMs, retryBaseMs: config.acme.retryMs,
  })
  await certificateBook.start()
  const outbound = new OutboundGuard({ allow: config.outbound.allow })
  const drains = new ActiveDrains({
    drains: store, logs, capacity: config.drains.bufferLines, outbound,
    ca: rootsWith(config.drains.caFile),
  })
  await drains.start()
  // App webhooks: the dispatcher delivers what the publisher queues in the store, beside the API.
  const webhookDispatcher = new WebhookDispatcher({
    store, outbound, retryStepMs: config.webhooks.retryStepMs, userAgent: `Berth-Webhooks/${packageVersion()}`, onError: reportError,
    ca: rootsWith(config.webhooks.caFile),
  })
  const urls: ApiUrls = { apiUrl: config.publicUrl ?? '', domain: config.domain, routerPort: 0 }
  const webhooks = new WebhookPublisher({
    store, urls, newId: randomUUID, now: () => systemClock.now(), onQueued: () => webhookDispatcher.wake(), onError: reportError,
  })
  const stopDynoEvents = scheduler.onChange((dyno) => webhooks.publishChange(dyno.appId, dynoAction(dyno), { entity: 'dyno', dyno }))
  const repos = new GitRepos(paths.repos, `${PACKAGE_ROOT}git-hooks`)
  const tls = await ensureLocalTls(paths.tls, certificateHosts(config.host))
  const rendezvous = new RendezvousServer(tls)
  const rendezvousUrl = rendezvousBaseUrl(config, await rendezvous.listen(config.rendezvousPort, config.host))
  const deps = {
    rendezvous: {
      open: () => {
        const { secret, connection } = rendezvous.open(60_000)
        return { url: `${rendezvousUrl}/${secret}`, connection }
      },
    },
    commits: repos,
    store, logs, logReader: logs, releaseOutputs, blobs, builder, buildOutputs, rollout, runtime, logDrains: drains, outbound, addonProviders: addonProviders(config),
    setupSources: {
      download: (url: URL) => getOutbound({ url, outbound, timeoutMs: SETUP_DOWNLOAD_TIMEOUT_MS, maxRedirects: 5 }),
      readAppJson: (tarball: Readable) => readAppJson(tarball, { maxManifestBytes: MAX_MANIFEST_BYTES, maxEntries: 200_000 }),
    },
    webhooks,
    acm, releaseMeter: meter,
    tls: {
      check: (chain: unknown, key: unknown) => checkCertificate(chain, key, { now: new Date(), roots }),
      describe: (chain: string) => describeCertificate(chain, roots), changed: () => certificateBook.changed(),
    },
    credentials: createNodeCredentials(secretKey), clock: systemClock, random: Math.random, newId: randomUUID,
    limits: { maxSourceBytes: config.build.maxSourceBytes, keepReleases: config.keepReleases, capabilityTtlMs: config.capabilityTtlMs },
    appFiles: {
      remove: async (appId: string) => { await repos.remove(appId); await builder.purgeCache(appId) },
      repoBytes: (appId: string) => directoryBytes(repos.path(appId)),
    },
  }
  const services = bindServices(deps)
  meter.start()

  // Builds the previous process left pending can never finish: fail them (and the release each had
  // appended) before anything resumes, so nothing stays pending across a restart.
  const recovered = await recoverInterruptedBuilds(deps, startedAt)
  if (recovered.builds > 0) logger.warn(recovered, 'failed builds interrupted by the previous stop')
  const setups = await recoverInterruptedAppSetups(deps, startedAt)
  if (setups > 0) logger.warn({ setups }, 'failed app setups interrupted by the previous stop')
  // A push cut off after its build succeeded leaves its branch behind the release: move it on.
  for (const { appId, commit } of await listPushedDeploys(deps)) {
    const outcome = await repos.catchUp(appId, commit)
    if (outcome !== 'current') logger.warn({ app: appId, commit, outcome }, 'the deploy branch was behind the last pushed deploy')
  }

  const admin = await ensureAdminAccount(deps, config.admin)
  if (admin?.generatedApiKey) {
    writeFileSync(paths.adminApiKey, admin.generatedApiKey + '\n', { mode: 0o600 })
    print(`Created the admin account ${admin.account.email}.\nAdmin API key (shown once; also saved to ${paths.adminApiKey}):\n\n    ${admin.generatedApiKey}\n\n`)
  }

  const routerPort = await router.listen(config.routerPort, config.host)
  // Custom domains' certificates (brought or ACM's) first, then `<app>.<domain>` ones.
  const routerTlsPort = await router.listenTls(config.routerTlsPort, config.host, {
    certificates: certificateBook,
    fallback: await fallbackCertificates(config, paths.tls, routes, logger),
    onError: (error, hostname) => logger.warn({ err: error, hostname }, 'no certificate could be served for this name'),
  })
  // Orders are validated through the router (HTTP-01), so they start once it listens.
  acm.start()
  // The API, git routes and webhook events read these when used; the API's own URLs are filled in once it
  // listens (BERTH_API_PORT=0 lets the system choose the port), before any request can arrive.
  urls.routerPort = routerPort
  let internalUrl = ''
  const streams = new OpenStreams()
  const git = gitRoutes({
    services, repos, sessions: new PushSessions(), streams, hookUrl: () => `${internalUrl}/internal/git/pre-receive`,
    webUrl: (name) => webUrl(urls, name), maxRepoBytes: config.build.maxSourceBytes,
  })
  const api = buildApi({
    services, urls, buildOutputs, releaseOutputs, logs, streams, rateLimitPerHour: config.rateLimitPerHour, maxBodyBytes: config.maxBodyBytes,
    maxUploadBytes: config.build.maxSourceBytes, dashboardDir: join(PACKAGE_ROOT, 'dist', 'dashboard'),
  }, logger, [git])
  const closeTls = acceptTlsOnSamePort(api.server, tls)
  // `heroku pipelines:diff` through HTTPS_PROXY=<api url> (ADR 0015): a certificate for the stand-in hosts, in memory.
  const closeStandIns = answerConnectForStandIns(api.server, await (await openLocalCa(paths.tls)).issue(STAND_IN_HOSTS))
  await api.listen({ host: config.host, port: config.apiPort })
  const listening = listeningUrls(config, { api: boundPort(api.server.address(), config.apiPort), router: routerPort, routerTls: routerTlsPort })
  internalUrl = listening.internalUrl
  urls.apiUrl = listening.publicApiUrl
  // Bring every app's current release back up (after a restart, even after kill -9), in the background.
  void runtime.resume().catch((error: unknown) => logger.error({ err: error }, 'could not resume apps'))
  const stopReconciling = runtime.reconcileEvery(10_000)
  // Deliveries queued before a stop (even a kill -9) go out now.
  webhookDispatcher.wake()
  const stopSweepingAddons = sweepEvery(60_000, 'add-on', async () => {
    const { removed, pending } = await sweepDetachedAddons(deps)
    if (removed.length + pending.length > 0) logger.info({ removed, pending }, 'swept detached add-ons')
  }, logger)
  // What killed downloads of runtimes left, once no server could still be writing it.
  const stopSweepingRuntimes = sweepEvery(3_600_000, 'runtime store', async () => {
    const removed = await runtimeStore.sweepLeftovers()
    if (removed.length > 0) logger.info({ removed }, 'swept the runtime store\'s leftovers')
  }, logger)
  const { apiUrl, routerUrl, routerTlsUrl } = listening
  logger.info({ apiUrl, routerUrl, routerTlsUrl, store: config.databaseUrl ? 'postgres' : 'sqlite', dataDir: config.dataDir }, 'berth server started')
  print(`Berth API listening on ${apiUrl}\nBerth router listening on ${routerUrl} and ${routerTlsUrl}\n`)

  return {
    apiUrl,
    routerUrl,
    routerTlsUrl,
    logs,
    caCertPath: tls.caCertPath,
    close: () => stopServer({
      background: [stopReconciling, stopSweepingAddons, stopSweepingRuntimes, stopDynoEvents, () => drains.close(), () => webhookDispatcher.stop(), () => certificateBook.stop(), () => acm.stop(), () => autoRollback.stop()],
      endStreams: () => streams.endAll(),
      api, closeTls: () => { closeTls(); closeStandIns() }, router, rendezvous, scheduler: { shutdown: () => scheduler.shutdown().then(() => launcher?.close()).then(() => kubernetes?.close()).then(() => kubernetesBuilds?.close()) },
      // The last counted minutes go to the store before it closes.
      store: { close: () => meter.stop().catch((error: unknown) => reportError(error, 'could not store release metrics')).finally(() => store.close()) },
    }, { graceMs: Math.min(2000, config.runtime.stopTimeoutMs / 2), deadlineMs: config.runtime.stopTimeoutMs + 1000, logger }),
  }
}

/** Heroku compat: `dyno` events are `create` when a dyno starts, `destroy` when it is gone, `update` otherwise. */
function dynoAction(dyno: Dyno): 'create' | 'update' | 'destroy' {
  return dyno.state === 'starting' ? 'create' : dyno.state === 'down' ? 'destroy' : 'update'
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version
}

/** Names this server's cgroups, so that after a crash it reaps only its own (several may share a machine). */
function serverTag(dataDir: string): string {
  return createHash('sha256').update(dataDir).digest('hex').slice(0, 12)
}

/**
 * The router's certificate for apps' own names: the operator's wildcard (BERTH_ROUTER_TLS_CERT and
 * _KEY), else one minted by the local CA for each `<app>.<domain>` an app answers at (development).
 */
async function fallbackCertificates(config: Config, tlsDir: string, routes: RouteTable, logger: Logger): Promise<FallbackCertificateSource> {
  if (!config.routerTlsFiles) return new MintedCertificates({ ca: await openLocalCa(tlsDir), domain: config.domain, routed: (host) => routes.lookup(host) !== null })
  try {
    return new CertificateFiles({
      ...config.routerTlsFiles,
      onError: (error) => logger.error({ err: error }, 'BERTH_ROUTER_TLS_CERT or _KEY changed but does not load; the previous certificate is still served'),
    })
  } catch (error) {
    throw new ConfigError(`BERTH_ROUTER_TLS_CERT and BERTH_ROUTER_TLS_KEY must be a PEM certificate and its key: ${(error as Error).message}`)
  }
}

function addonProviders(config: Config): Map<string, AddonProvider> {
  const providers = new Map<string, AddonProvider>()
  if (config.addons.postgresUrl) providers.set('berth-postgresql', new PostgresProvider(config.addons.postgresUrl))
  if (config.addons.redisUrl) providers.set('berth-redis', new RedisProvider(config.addons.redisUrl))
  return providers
}

/** Runs `sweep` now and then every `intervalMs`, one at a time; returns the stopper. */
function sweepEvery(intervalMs: number, what: string, sweep: () => Promise<void>, logger: Logger): () => void {
  let running: Promise<void> | null = null
  const tick = () => {
    running ??= sweep().catch((error: unknown) => logger.error({ err: error }, `${what} sweep failed`)).finally(() => { running = null })
  }
  tick()
  const timer = setInterval(tick, intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}

function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', '*.password', '*.token', '*.apiKey', 'err.config'], censor: '[redacted]' },
  })
}
