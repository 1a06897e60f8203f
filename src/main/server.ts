import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { pino, type Logger } from 'pino'
import { buildApi } from '../api/build-api.js'
import { systemClock } from '../core/clock.js'
import type { Config } from '../config/load-config.js'
import { dataPaths } from '../config/paths.js'
import { createNodeCredentials } from '../credentials/node-credentials.js'
import { LogBuffer } from '../logs/log-buffer.js'
import { ImmediateRollout } from '../rollout/immediate-rollout.js'
import { bindServices } from '../services/index.js'
import { ensureAdminAccount } from '../services/ensure-admin-account.js'
import { PostgresStore } from '../store/postgres/postgres-store.js'
import { SecretBox } from '../store/secret-box.js'
import { SqliteStore } from '../store/sqlite/sqlite-store.js'
import type { Store } from '../store/store.js'
import { loadOrCreateSecretKey } from './secret-key.js'
import { FsBlobStore } from '../blobs/fs/fs-blob-store.js'
import { BuildOutputs } from '../build/build-outputs.js'
import { LocalBuilder } from '../build/local-builder.js'
import { DEFAULT_STACK } from '../core/apps/app.js'
import { findSandbox } from './find-sandbox.js'
import { GitRepos } from '../git/git-repos.js'
import { gitRoutes } from '../git/git-routes.js'
import { PushSessions } from '../git/push-sessions.js'
import { webUrl } from '../api/api-context.js'
import { ensureLocalTls } from '../tls/local-ca.js'
import { acceptTlsOnSamePort } from '../tls/accept-tls.js'

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface RunningServer {
  apiUrl: string
  /** The log bus, until the log sessions API serves it. */
  logs: LogBuffer
  /** The local CA that signed the API port's TLS certificate. */
  caCertPath: string
  close(): Promise<void>
}

export interface ServerOptions {
  logger?: Logger
  /** Where one-time notices (the generated admin key, the listening URL) go. */
  print?: (text: string) => void
}

/** Wires every component from the config; the only place that picks implementations. */
export async function startServer(config: Readonly<Config>, options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const print = options.print ?? ((text: string) => process.stdout.write(text))
  const paths = dataPaths(config.dataDir)
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 })
  const secretKey = loadOrCreateSecretKey(config.secretKey, paths.secretKey)
  const box = new SecretBox(secretKey)
  const store: Store = config.databaseUrl
    ? await PostgresStore.open(config.databaseUrl, { box })
    : await SqliteStore.open(paths.database, { box })

  const logs = new LogBuffer()
  const rollout = new ImmediateRollout(store)
  const blobs = new FsBlobStore(paths.blobs)
  const sandbox = findSandbox(config.build.sandbox)
  if (sandbox.warning) logger.warn(sandbox.warning)
  const builder = new LocalBuilder({
    workDir: config.build.workDir,
    builtinDir: `${PACKAGE_ROOT}buildpacks`,
    allowedBuildpackPaths: config.build.buildpackPaths,
    bwrap: sandbox.bwrap,
    user: sandbox.user,
    timeoutMs: config.build.timeoutMs,
    maxSlugBytes: config.build.maxSlugBytes,
    maxSourceBytes: config.build.maxSourceBytes,
    stack: DEFAULT_STACK,
  })
  const buildOutputs = new BuildOutputs(blobs)
  const repos = new GitRepos(paths.repos, `${PACKAGE_ROOT}git-hooks`)
  const appFiles = { remove: async (appId: string) => { await repos.remove(appId); await builder.purgeCache(appId) } }
  const deps = {
    store, rollout, logs, blobs, builder, buildOutputs,
    credentials: createNodeCredentials(secretKey),
    clock: systemClock,
    random: Math.random,
    newId: randomUUID,
    limits: { maxSourceBytes: config.build.maxSourceBytes, keepReleases: config.keepReleases },
    appFiles,
  }
  const services = bindServices(deps)

  const admin = await ensureAdminAccount(deps, config.admin)
  if (admin?.generatedApiKey) {
    writeFileSync(paths.adminApiKey, admin.generatedApiKey + '\n', { mode: 0o600 })
    print(
      `Created the admin account ${admin.account.email}.\n` +
      `Admin API key (shown once; also saved to ${paths.adminApiKey}):\n\n    ${admin.generatedApiKey}\n\n`,
    )
  }
  // A release appended just before a crash is still pending: finish its rollout now.
  for (const release of await store.listPendingReleases()) await rollout.submit(release)

  const urls = { apiUrl: config.publicUrl ?? '', domain: config.domain, routerPort: config.routerPort }
  let internalUrl = ''
  const git = gitRoutes({
    services,
    repos,
    sessions: new PushSessions(),
    hookUrl: () => `${internalUrl}/internal/git/pre-receive`,
    webUrl: (name) => webUrl(urls, name),
    maxRepoBytes: config.build.maxSourceBytes,
  })
  const api = buildApi({ services, urls, buildOutputs, rateLimitPerHour: config.rateLimitPerHour, maxBodyBytes: config.maxBodyBytes }, logger, [git])
  const tls = await ensureLocalTls(paths.tls, [...new Set(['localhost', '127.0.0.1', '::1', config.host].filter((h) => !['0.0.0.0', '::'].includes(h)))])
  const closeTls = acceptTlsOnSamePort(api.server, tls)
  await api.listen({ host: config.host, port: config.apiPort })
  const address = api.server.address()
  const port = typeof address === 'object' && address ? address.port : config.apiPort
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const apiUrl = `http://${host}:${port}`
  // The pre-receive hook calls back over loopback, whatever address the API is published on.
  internalUrl = `http://${['0.0.0.0', '::'].includes(config.host) ? '127.0.0.1' : host}:${port}`
  if (!config.publicUrl) urls.apiUrl = apiUrl
  logger.info({ apiUrl, store: config.databaseUrl ? 'postgres' : 'sqlite', dataDir: config.dataDir }, 'berth server started')
  print(`Berth API listening on ${apiUrl}\n`)

  return {
    apiUrl,
    logs,
    caCertPath: tls.caCertPath,
    async close() {
      closeTls()
      await api.close()
      await store.close()
    },
  }
}

function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', '*.password', '*.token', '*.apiKey', 'err.config'], censor: '[redacted]' },
  })
}
