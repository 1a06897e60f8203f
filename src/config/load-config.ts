import { homedir, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Cidr } from '../core/net/parse-ip.js'
import { parseNetworkList } from '../core/net/outbound-policy.js'
import { formatIpv4, parseIpv4, parseIpv4Network, type Ipv4Network } from '../core/net/ipv4-network.js'
import type { ConfigKey } from './config-keys.js'

/** Everything `berth server` needs to know, read once from the environment. */
export interface Config {
  dataDir: string
  host: string
  apiPort: number
  /** Null until the port is known (port 0); main fills it in after listening. */
  publicUrl: string | null
  /** Null selects SQLite in the data dir. */
  databaseUrl: string | null
  secretKey: Buffer | null
  admin: { email: string; apiKey: string | undefined; password: string | undefined }
  routerPort: number
  routerTlsPort: number
  /** Plain-HTTP requests to apps get a 308 to HTTPS (BERTH_FORCE_HTTPS). */
  forceHttps: boolean
  /** The operator's certificate for `*.<domain>`; null: certificates from the local CA (development). */
  routerTlsFiles: { certFile: string; keyFile: string } | null
  rendezvousPort: number
  domain: string
  rateLimitPerHour: number
  /** How long a capability URL stays usable after it is issued. */
  capabilityTtlMs: number
  logLevel: string
  maxBodyBytes: number
  build: {
    workDir: string
    sandbox: 'auto' | 'bwrap' | 'none'
    timeoutMs: number
    maxSlugBytes: number
    maxSourceBytes: number
    buildpackPaths: string[]
    /** Language runtimes the operator provides (BERTH_RUNTIMES_DIR), read-only at /runtimes in builds and dynos. */
    runtimesDir: string | null
    /** Where Berth keeps the runtimes it downloads for builds (BERTH_RUNTIME_STORE), read-only at /runtime-store. */
    runtimeStoreDir: string
  }
  keepReleases: number
  /** Admin URLs of the add-on services' servers; null disables a service. */
  addons: {
    postgresUrl: string | null
    redisUrl: string | null
  }
  drains: {
    bufferLines: number
    caFile: string | null
  }
  webhooks: {
    caFile: string | null
    /** One step of the `sync` delivery retry schedule. */
    retryStepMs: number
  }
  /** Internal networks users' outgoing connections (drains, webhooks) may reach anyway; public addresses always may. */
  outbound: { allow: readonly Cidr[] }
  /** Automated Certificate Management's ACME server and pace. */
  acme: { directoryUrl: string; email: string | null; caFile: string | null; pollMs: number; retryMs: number }
  runtime: {
    /** Where web dynos' `$PORT`s come from. */
    dynoPorts: { first: number; last: number }
    bootTimeoutMs: number
    stopTimeoutMs: number
    routerTimeoutMs: number
    cooloffUnitMs: number
    releasePhaseTimeoutMs: number
    /** `auto`: fenced networks when the machine allows; `required`: refuse to start without; `host`: none. */
    dynoNetwork: { mode: 'auto' | 'required' | 'host'; range: Ipv4Network }
    /** Where dynos run: `local` sandboxes, containers on a Docker Engine (`docker`), Swarm services (`swarm`), or a Kubernetes cluster (`kubernetes`). */
    scheduler: 'local' | 'docker' | 'swarm' | 'kubernetes'
    docker: { host: string; network: Ipv4Network }
    /** Swarm only: the image dynos run in, and where this machine serves slugs to the nodes. */
    swarm: { stackImage: string | null; slugAddress: { host: string; port: number } | null }
    /** Kubernetes only (null otherwise): where the apps' objects go, what dynos may reach and who may reach them (docs/kubernetes.md). */
    kubernetes: KubernetesSettings | null
  }
}

export interface KubernetesSettings {
  namespace: string
  /** BERTH_STACK_IMAGE: dynos run in it, and its `slug` init container fetches the slug. */
  stackImage: string
  /** Where `berth server`'s own pods run, and their labels: the only pods the fence lets reach dynos. */
  router: { namespace: string; podLabels: Readonly<Record<string, string>> }
  /** IPv4 ranges dynos must not reach (normalized `a.b.c.d/n`). */
  privateCidrs: readonly string[]
  /** Where this machine serves slugs to the pods; the fence lets dynos reach it despite `privateCidrs`. */
  slugAddress: { host: string; port: number }
  /** BERTH_KUBERNETES_BUILDS: containers of the stack image on this machine's Docker Engine, or the local sandbox (this machine's OS). */
  builds: 'docker' | 'local'
}

type Env = Partial<Record<ConfigKey, string>> & Record<string, string | undefined>

export class ConfigError extends Error {}

function dynoPorts(raw: string | undefined): { first: number; last: number } {
  if (raw === undefined || raw === '') return { first: 20000, last: 29999 }
  const match = /^(\d{1,5})-(\d{1,5})$/.exec(raw.trim())
  const [first, last] = match ? [Number(match[1]), Number(match[2])] : [0, 0]
  if (first < 1 || first > last || last > 65535) throw new ConfigError(`BERTH_DYNO_PORTS must be a port range like 20000-29999, got ${JSON.stringify(raw)}`)
  return { first, last }
}

const DEFAULT_DYNO_NETWORK = '10.213.0.0/16'
const DEFAULT_DOCKER_NETWORK = '10.214.0.0/20'

function dynoNetwork(raw: string | undefined): Config['runtime']['dynoNetwork'] {
  const value = raw?.trim() || 'auto'
  if (value === 'auto' || value === 'host') return { mode: value, range: parseIpv4Network(DEFAULT_DYNO_NETWORK)! }
  const range = parseIpv4Network(value)
  if (!range) throw new ConfigError(`BERTH_DYNO_NETWORK must be auto, host or an IPv4 range from /8 to /28 like ${DEFAULT_DYNO_NETWORK}, got ${JSON.stringify(raw)}`)
  return { mode: 'required', range }
}

function scheduler(raw: string | undefined): Config['runtime']['scheduler'] {
  const value = raw?.trim() || 'local'
  if (value !== 'local' && value !== 'docker' && value !== 'swarm' && value !== 'kubernetes') throw new ConfigError(`BERTH_SCHEDULER must be local, docker, swarm or kubernetes, got ${JSON.stringify(raw)}`)
  return value
}

const DEFAULT_SLUG_PORT = 5081

/** BERTH_STACK_IMAGE, checked as an image reference; null when unset. */
function stackImage(env: Env): string | null {
  const image = env.BERTH_STACK_IMAGE?.trim() || null
  if (image !== null && !/^[a-z0-9]+(?:[._/:-][a-z0-9]+)*(?::[\w.-]{1,128})?(?:@sha256:[0-9a-f]{64})?$/.test(image)) {
    throw new ConfigError(`BERTH_STACK_IMAGE must be an image reference like heroku/heroku:24 or berth/stack:24, got ${JSON.stringify(env.BERTH_STACK_IMAGE)}`)
  }
  return image
}

function swarm(env: Env, schedulerName: Config['runtime']['scheduler']): Config['runtime']['swarm'] {
  const image = stackImage(env)
  const slugAddress = ipv4Address(env, 'BERTH_SWARM_SLUG_ADDRESS', DEFAULT_SLUG_PORT)
  if (schedulerName === 'swarm' && (!image || !slugAddress)) {
    throw new ConfigError('BERTH_SCHEDULER=swarm needs BERTH_STACK_IMAGE (the image dynos run in on every node) and BERTH_SWARM_SLUG_ADDRESS (this machine\'s address on the nodes\' network, where they fetch slugs)')
  }
  return { stackImage: image, slugAddress }
}

/**
 * BERTH_SCHEDULER=kubernetes's settings (read and checked whatever the scheduler, so a typo never
 * waits for the day it is used). The image is BERTH_STACK_IMAGE, as for swarm.
 */
function kubernetes(env: Env, schedulerName: Config['runtime']['scheduler']): KubernetesSettings | null {
  const namespace = env.BERTH_KUBERNETES_NAMESPACE?.trim() || null
  if (namespace !== null && !isDnsLabel(namespace)) throw new ConfigError(`BERTH_KUBERNETES_NAMESPACE must be a namespace name (lower-case letters, digits and dashes, at most 63), got ${JSON.stringify(env.BERTH_KUBERNETES_NAMESPACE)}`)
  const routerNamespace = env.BERTH_KUBERNETES_ROUTER_NAMESPACE?.trim() || null
  if (routerNamespace !== null && !isDnsLabel(routerNamespace)) throw new ConfigError(`BERTH_KUBERNETES_ROUTER_NAMESPACE must be a namespace name (lower-case letters, digits and dashes, at most 63), got ${JSON.stringify(env.BERTH_KUBERNETES_ROUTER_NAMESPACE)}`)
  const podLabels = labelSelector(env, 'BERTH_KUBERNETES_ROUTER_LABELS', DEFAULT_ROUTER_LABELS)
  const privateCidrs = ipv4Cidrs(env, 'BERTH_KUBERNETES_PRIVATE_CIDRS', DEFAULT_PRIVATE_CIDRS)
  const slugAddress = ipv4Address(env, 'BERTH_KUBERNETES_SLUG_ADDRESS', DEFAULT_SLUG_PORT)
  const builds = kubernetesBuilds(env.BERTH_KUBERNETES_BUILDS)
  if (schedulerName !== 'kubernetes') return null
  const image = stackImage(env)
  if (!namespace || !image || !slugAddress) {
    throw new ConfigError('BERTH_SCHEDULER=kubernetes needs BERTH_KUBERNETES_NAMESPACE (the namespace the apps\' objects go in), BERTH_STACK_IMAGE (the image dynos run in) and BERTH_KUBERNETES_SLUG_ADDRESS (this machine\'s address as the pods reach it, where they fetch slugs)')
  }
  return Object.freeze({ namespace, stackImage: image, router: Object.freeze({ namespace: routerNamespace ?? namespace, podLabels }), privateCidrs, slugAddress: Object.freeze(slugAddress), builds })
}

function kubernetesBuilds(raw: string | undefined): KubernetesSettings['builds'] {
  const value = raw?.trim() || 'docker'
  if (value !== 'docker' && value !== 'local') {
    throw new ConfigError(`BERTH_KUBERNETES_BUILDS must be docker (builds in containers of BERTH_STACK_IMAGE on this machine's Docker Engine) or local (the sandbox on this machine, against its OS), got ${JSON.stringify(raw)}`)
  }
  return value
}

const DEFAULT_ROUTER_LABELS = 'app.kubernetes.io/name=berth'
const DEFAULT_PRIVATE_CIDRS = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,100.64.0.0/10'

function isDnsLabel(text: string): boolean {
  return text.length <= 63 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(text)
}

// Kubernetes' label rules: an optional DNS-subdomain prefix and a name of at most 63; a value of at most 63.
const LABEL_KEY = /^(?:(?=.{1,253}\/)[a-z0-9]([a-z0-9.-]*[a-z0-9])?\/)?[A-Za-z0-9]([\w.-]{0,61}[A-Za-z0-9])?$/
const LABEL_VALUE = /^(?:[A-Za-z0-9]([\w.-]{0,61}[A-Za-z0-9])?)?$/

/** `key=value,key=value`: at least one label, since an empty selector would pick every pod. */
function labelSelector(env: Env, key: ConfigKey, fallback: string): Readonly<Record<string, string>> {
  const raw = env[key]?.trim() || fallback
  const labels: Record<string, string> = {}
  for (const term of raw.split(',').map((t) => t.trim())) {
    const [name = '', value, ...rest] = term.split('=')
    if (value === undefined || rest.length > 0 || !LABEL_KEY.test(name) || !LABEL_VALUE.test(value)) {
      throw new ConfigError(`${key} must be pod labels like ${DEFAULT_ROUTER_LABELS}, separated by commas; ${JSON.stringify(term)} is not one`)
    }
    labels[name] = value
  }
  return Object.freeze(labels)
}

/** IPv4 ranges separated by commas, each normalized (host bits cleared), as a NetworkPolicy's ipBlock takes them. */
function ipv4Cidrs(env: Env, key: ConfigKey, fallback: string): readonly string[] {
  const raw = env[key]?.trim() || fallback
  return Object.freeze(raw.split(',').map((term) => {
    const [address = '', prefixText = '', ...rest] = term.trim().split('/')
    const base = parseIpv4(address)
    const prefix = /^\d{1,2}$/.test(prefixText) ? Number(prefixText) : NaN
    if (Number.isNaN(base) || !(prefix <= 32) || rest.length > 0) throw new ConfigError(`${key} must list IPv4 ranges like 10.0.0.0/8, separated by commas; ${JSON.stringify(term.trim())} is not one`)
    const size = 2 ** (32 - prefix)
    return `${formatIpv4(base - (base % size))}/${prefix}`
  }))
}

/** `a.b.c.d` or `a.b.c.d:port`; null when unset. */
function ipv4Address(env: Env, key: ConfigKey, defaultPort: number): { host: string; port: number } | null {
  const raw = env[key]?.trim() || ''
  if (!raw) return null
  const match = /^([\d.]{7,15})(?::(\d{1,5}))?$/.exec(raw)
  const port = Number(match?.[2] ?? defaultPort)
  if (!match || Number.isNaN(parseIpv4(match[1]!)) || port > 65535) throw new ConfigError(`${key} must be an IPv4 address with an optional port, like 10.0.0.1:${defaultPort}, got ${JSON.stringify(raw)}`)
  return { host: match[1]!, port }
}

function dockerNetwork(raw: string | undefined): Ipv4Network {
  const range = parseIpv4Network(raw?.trim() || DEFAULT_DOCKER_NETWORK)
  if (!range || range.prefix > 28) throw new ConfigError(`BERTH_DOCKER_NETWORK must be an IPv4 range from /8 to /28 like ${DEFAULT_DOCKER_NETWORK}, got ${JSON.stringify(raw)}`)
  return range
}

function flag(env: Env, key: ConfigKey): boolean {
  const raw = env[key]?.trim().toLowerCase()
  if (!raw || raw === 'false' || raw === '0') return false
  if (raw === 'true' || raw === '1') return true
  throw new ConfigError(`${key} must be true or false, got ${JSON.stringify(env[key])}`)
}

function httpsUrl(env: Env, key: ConfigKey, fallback: string): string {
  const raw = env[key]?.trim()
  if (!raw) return fallback
  let url: URL | null = null
  try {
    url = new URL(raw)
  } catch {
    url = null
  }
  if (url?.protocol !== 'https:') throw new ConfigError(`${key} must be an https:// URL, got ${JSON.stringify(raw)}`)
  return url.href
}

function port(env: Env, key: ConfigKey, fallback: number): number {
  const raw = env[key]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new ConfigError(`${key} must be a port number, got ${JSON.stringify(raw)}`)
  return value
}

function positive(env: Env, key: ConfigKey, fallback: number): number {
  const raw = env[key]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${key} must be a positive number, got ${JSON.stringify(raw)}`)
  return value
}

function sandbox(raw: string | undefined): 'auto' | 'bwrap' | 'none' {
  const value = raw || 'auto'
  if (value !== 'auto' && value !== 'bwrap' && value !== 'none') throw new ConfigError('BERTH_SANDBOX must be auto, bwrap or none')
  return value
}

function serverUrl(env: Env, key: ConfigKey, schemes: readonly string[], fallback: string): string | null {
  const raw = env[key] || fallback
  if (raw === 'off') return null
  if (!schemes.some((scheme) => raw.startsWith(scheme))) throw new ConfigError(`${key} must be a ${schemes[0]} URL, or off`)
  return raw
}

function routerTlsFiles(env: Env): Config['routerTlsFiles'] {
  const certFile = env.BERTH_ROUTER_TLS_CERT || ''
  const keyFile = env.BERTH_ROUTER_TLS_KEY || ''
  if (!certFile && !keyFile) return null
  if (!certFile || !keyFile) throw new ConfigError('BERTH_ROUTER_TLS_CERT and BERTH_ROUTER_TLS_KEY go together: set both (a certificate for *.<BERTH_DOMAIN> and its key) or neither')
  return Object.freeze({ certFile: resolve(certFile), keyFile: resolve(keyFile) })
}

function networks(raw: string | undefined): readonly Cidr[] {
  const parsed = parseNetworkList(raw ?? '')
  if (!Array.isArray(parsed)) throw new ConfigError(`BERTH_OUTBOUND_ALLOW must list networks like 10.0.0.0/8 or fd00::/8, separated by commas; ${JSON.stringify(parsed.invalid)} is not one`)
  return Object.freeze(parsed)
}

function secretKey(raw: string | undefined): Buffer | null {
  if (!raw) return null
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64')
  if (key.length !== 32) throw new ConfigError('BERTH_SECRET_KEY must be 32 bytes, as 64 hex characters or base64')
  return key
}

/** Reads and checks BERTH_* variables; throws ConfigError with the variable's name on bad input. */
export function loadConfig(env: Env): Readonly<Config> {
  const host = env.BERTH_HOST || '127.0.0.1'
  const apiPort = port(env, 'BERTH_API_PORT', 5000)
  const workDir = resolve(env.BERTH_WORK_DIR || join(tmpdir(), 'berth-work'))
  const databaseUrl = env.BERTH_DATABASE_URL || null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('BERTH_DATABASE_URL must be a postgres:// URL, or empty for SQLite')
  }
  const rateLimit = Number(env.BERTH_RATE_LIMIT ?? 4500)
  if (!Number.isInteger(rateLimit) || rateLimit < 0) throw new ConfigError('BERTH_RATE_LIMIT must be a whole number of requests per hour')
  const hostForUrl = host.includes(':') ? `[${host}]` : host
  return Object.freeze({
    dataDir: resolve(env.BERTH_DATA_DIR || join(homedir(), '.berth')),
    host,
    apiPort,
    publicUrl: env.BERTH_PUBLIC_URL || (apiPort === 0 ? null : `http://${hostForUrl}:${apiPort}`),
    databaseUrl,
    secretKey: secretKey(env.BERTH_SECRET_KEY),
    admin: Object.freeze({
      email: env.BERTH_ADMIN_EMAIL || 'admin@berth.local',
      apiKey: env.BERTH_ADMIN_API_KEY || undefined,
      password: env.BERTH_ADMIN_PASSWORD || undefined,
    }),
    routerPort: port(env, 'BERTH_ROUTER_PORT', 8080),
    routerTlsPort: port(env, 'BERTH_ROUTER_TLS_PORT', 8443),
    forceHttps: flag(env, 'BERTH_FORCE_HTTPS'),
    routerTlsFiles: routerTlsFiles(env),
    rendezvousPort: port(env, 'BERTH_RENDEZVOUS_PORT', 5001),
    domain: env.BERTH_DOMAIN || 'localhost',
    rateLimitPerHour: rateLimit,
    capabilityTtlMs: positive(env, 'BERTH_CAPABILITY_TTL', 3600) * 1000,
    logLevel: env.BERTH_LOG_LEVEL || 'info',
    maxBodyBytes: 1024 * 1024,
    build: Object.freeze({
      workDir,
      sandbox: sandbox(env.BERTH_SANDBOX),
      timeoutMs: positive(env, 'BERTH_BUILD_TIMEOUT', 900) * 1000,
      maxSlugBytes: positive(env, 'BERTH_MAX_SLUG_SIZE', 500) * 1024 * 1024,
      maxSourceBytes: positive(env, 'BERTH_MAX_SOURCE_SIZE', 1024) * 1024 * 1024,
      buildpackPaths: (env.BERTH_BUILDPACK_PATHS || '').split(':').filter(Boolean).map((p) => resolve(p)),
      runtimesDir: env.BERTH_RUNTIMES_DIR ? resolve(env.BERTH_RUNTIMES_DIR) : null,
      runtimeStoreDir: resolve(env.BERTH_RUNTIME_STORE || join(workDir, 'runtime-store')),
    }),
    keepReleases: positive(env, 'BERTH_KEEP_RELEASES', 100),
    addons: Object.freeze({
      postgresUrl: serverUrl(env, 'BERTH_ADDON_POSTGRES_URL', ['postgres://', 'postgresql://'], 'postgres://postgres@127.0.0.1:5432/postgres'),
      redisUrl: serverUrl(env, 'BERTH_ADDON_REDIS_URL', ['redis://'], 'redis://127.0.0.1:6379'),
    }),
    drains: Object.freeze({ bufferLines: positive(env, 'BERTH_DRAIN_BUFFER', 10_000), caFile: env.BERTH_DRAIN_CA_FILE || null }),
    webhooks: Object.freeze({ caFile: env.BERTH_WEBHOOK_CA_FILE || null, retryStepMs: positive(env, 'BERTH_WEBHOOK_RETRY_MS', 15_000) }),
    outbound: Object.freeze({ allow: networks(env.BERTH_OUTBOUND_ALLOW) }),
    acme: Object.freeze({
      directoryUrl: httpsUrl(env, 'BERTH_ACME_DIRECTORY_URL', 'https://acme-v02.api.letsencrypt.org/directory'),
      email: env.BERTH_ACME_EMAIL || null, caFile: env.BERTH_ACME_CA_FILE || null,
      pollMs: positive(env, 'BERTH_ACM_POLL', 30) * 1000, retryMs: positive(env, 'BERTH_ACM_RETRY', 60) * 1000,
    }),
    runtime: Object.freeze({
      dynoPorts: dynoPorts(env.BERTH_DYNO_PORTS),
      bootTimeoutMs: positive(env, 'BERTH_BOOT_TIMEOUT', 60) * 1000,
      stopTimeoutMs: positive(env, 'BERTH_STOP_TIMEOUT', 30) * 1000,
      routerTimeoutMs: positive(env, 'BERTH_ROUTER_TIMEOUT', 30) * 1000,
      cooloffUnitMs: positive(env, 'BERTH_CRASH_COOLOFF', 1200) * 1000,
      releasePhaseTimeoutMs: positive(env, 'BERTH_RELEASE_PHASE_TIMEOUT', 3600) * 1000,
      dynoNetwork: dynoNetwork(env.BERTH_DYNO_NETWORK),
      scheduler: scheduler(env.BERTH_SCHEDULER),
      docker: { host: env.BERTH_DOCKER_HOST || 'unix:///var/run/docker.sock', network: dockerNetwork(env.BERTH_DOCKER_NETWORK) },
      swarm: swarm(env, scheduler(env.BERTH_SCHEDULER)),
      kubernetes: kubernetes(env, scheduler(env.BERTH_SCHEDULER)),
    }),
  })
}
