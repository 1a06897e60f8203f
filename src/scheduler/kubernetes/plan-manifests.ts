import type { DynoSpec } from '../scheduler.js'
import type { KubernetesTarget, Manifest } from './kubernetes-target.js'
import { configSecretName, deploymentName, LABELS, labelsOf, MANAGED_BY, objectName, slugSecretName, taskName } from './manifest-names.js'
import { planPodSpec, RUNTIME_URLS_KEY, SLUG_URL_KEY } from './plan-pod-spec.js'
import { runtimeSourceOf, type RuntimeSources } from './runtime-sources.js'

/** The capability URL a dyno downloads its slug from (issued by the caller, ADR 0011). */
export type SlugUrlOf = (spec: DynoSpec) => string

const meta = (target: KubernetesTarget, name: string, labels: Record<string, string>, annotations?: Record<string, string>) =>
  ({ name, namespace: target.namespace, labels, ...(annotations ? { annotations } : {}) })

const appLabels = (spec: DynoSpec) => ({ [LABELS.managedBy]: MANAGED_BY, [LABELS.app]: spec.appId, [LABELS.appName]: spec.appName })

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')

const NO_RUNTIMES: RuntimeSources = new Map()

interface ReleaseSecrets {
  config: Manifest
  slug: Manifest
  /** Where each runtime the slug runs on goes in the pod, and its sha256. */
  runtimes: { path: string; sha256: string }[]
}

/** The release's Secrets: its config vars (without `PORT`, which is the platform's), and its slug's and runtimes' URLs. */
function planSecrets(target: KubernetesTarget, spec: DynoSpec, slugUrl: string, sources: RuntimeSources): ReleaseSecrets {
  const runtimes = (spec.runtimes ?? []).map((ref) => runtimeSourceOf(sources, ref))
  const urls = runtimes.length > 0 ? { [RUNTIME_URLS_KEY]: base64(runtimes.map((r) => `${r.path} ${r.url}`).join('\n')) } : {}
  const { PORT: _platform, ...config } = spec.env
  const data = Object.fromEntries(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => [name, base64(value)]))
  const labels = { ...appLabels(spec), [LABELS.release]: spec.releaseId, [LABELS.releaseVersion]: String(spec.releaseVersion) }
  return {
    config: { apiVersion: 'v1', kind: 'Secret', metadata: meta(target, configSecretName(spec, config), labels), type: 'Opaque', immutable: true, data },
    slug: { apiVersion: 'v1', kind: 'Secret', metadata: meta(target, slugSecretName(spec), labels), type: 'Opaque', data: { [SLUG_URL_KEY]: base64(slugUrl), ...urls } },
    runtimes: runtimes.map(({ path, sha256 }) => ({ path, sha256 })),
  }
}

const annotationsOf = (spec: DynoSpec) => ({ 'berth.dev/release-version': `v${spec.releaseVersion}`, 'berth.dev/command': spec.command })

/** One process type of one release: a Deployment with a replica per dyno. */
function planDeployment(target: KubernetesTarget, specs: readonly DynoSpec[], secrets: ReleaseSecrets): Manifest {
  const spec = specs[0]!
  const name = deploymentName(spec)
  const labels = labelsOf(spec, name)
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(target, name, labels, annotationsOf(spec)),
    spec: {
      replicas: specs.length,
      selector: { matchLabels: { [LABELS.set]: name } },
      // Berth's rollout, not the Deployment's, moves a release live: a new release is a new Deployment.
      strategy: { type: 'Recreate' },
      revisionHistoryLimit: 0,
      template: {
        metadata: { labels, annotations: annotationsOf(spec) },
        spec: planPodSpec({
          target, spec, configSecret: secrets.config.metadata.name, slugSecret: secrets.slug.metadata.name, runtimes: secrets.runtimes, restartPolicy: 'Always', replicas: specs.length,
        }),
      },
    },
  }
}

/** Reaches an app's web dynos inside the cluster (Berth's router itself dials each pod's address). */
function planService(target: KubernetesTarget, spec: DynoSpec): Manifest {
  return {
    apiVersion: 'v1', kind: 'Service', metadata: meta(target, objectName(spec.appName, 'web'), appLabels(spec)),
    spec: {
      selector: { [LABELS.app]: spec.appId, [LABELS.processType]: 'web' },
      ports: [{ name: 'http', port: 80, targetPort: target.webPort, protocol: 'TCP' }],
    },
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

/**
 * The fence of ADR 0008 as a NetworkPolicy: only the router's pods open connections to an app's
 * dynos (so no other app's, and not each other); dynos reach DNS, the internet but not
 * `privateCidrs`, where their slugs come from, and their add-ons' servers at the address in the URL.
 */
function planNetworkPolicy(target: KubernetesTarget, specs: readonly DynoSpec[]): Manifest {
  const spec = specs[0]!
  const grants = new Map<string, { host: string; port: number }>()
  // A server on the host's loopback means nothing in a pod: only routable addresses are let through.
  for (const grant of specs.flatMap((s) => s.grants ?? [])) if (IPV4.test(grant.host) && !grant.host.startsWith('127.')) grants.set(`${grant.host}:${grant.port}`, grant)
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(target, objectName(spec.appName, 'fence'), appLabels(spec)),
    spec: {
      podSelector: { matchLabels: { [LABELS.app]: spec.appId } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': target.router.namespace } }, podSelector: { matchLabels: target.router.podLabels } }],
        ports: [{ protocol: 'TCP', port: target.webPort }],
      }],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
          ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
        },
        { to: [{ ipBlock: { cidr: '0.0.0.0/0', except: [...target.privateCidrs] } }] },
        ...(target.slugSourceCidrs.length ? [{ to: target.slugSourceCidrs.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
        ...[...grants.values()].map((grant) => ({ to: [{ ipBlock: { cidr: `${grant.host}/32` } }], ports: [{ protocol: 'TCP', port: grant.port }] })),
      ],
    },
  }
}

export interface AppManifests {
  secrets: Manifest[]
  deployments: Manifest[]
  service: Manifest | null
  networkPolicy: Manifest | null
}

/**
 * An app's dynos as objects: a Deployment per process type of each release, its Secrets, the web
 * Service and the fence. `runtimes` has the source of every runtime the specs name (resolveRuntimeSources).
 */
export function planAppManifests(target: KubernetesTarget, specs: readonly DynoSpec[], slugUrlOf: SlugUrlOf, runtimes: RuntimeSources = NO_RUNTIMES): AppManifests {
  const sets = new Map<string, DynoSpec[]>()
  for (const spec of [...specs].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const name = deploymentName(spec)
    sets.set(name, [...(sets.get(name) ?? []), spec])
  }
  const secrets = new Map<string, Manifest>()
  const deployments: Manifest[] = []
  for (const group of sets.values()) {
    const release = planSecrets(target, group[0]!, slugUrlOf(group[0]!), runtimes)
    secrets.set(release.config.metadata.name, release.config).set(release.slug.metadata.name, release.slug)
    deployments.push(planDeployment(target, group, release))
  }
  const web = specs.find((spec) => spec.type === 'web')
  return {
    secrets: [...secrets.values()],
    deployments,
    service: web ? planService(target, web) : null,
    networkPolicy: specs.length > 0 ? planNetworkPolicy(target, specs) : null,
  }
}

/** A task: the release phase as a Job that never retries, any other one-off as a bare Pod; both never restart. */
export function planTaskManifests(
  target: KubernetesTarget, spec: DynoSpec, slugUrl: string, options: { timeoutMs: number; stdin?: boolean; runtimes?: RuntimeSources },
): { secrets: Manifest[]; task: Manifest; networkPolicy: Manifest } {
  const secrets = planSecrets(target, spec, slugUrl, options.runtimes ?? NO_RUNTIMES)
  const name = taskName(spec)
  const labels = labelsOf(spec, name)
  const podSpec = planPodSpec({
    target, spec, configSecret: secrets.config.metadata.name, slugSecret: secrets.slug.metadata.name, runtimes: secrets.runtimes, restartPolicy: 'Never', replicas: 1,
    activeDeadlineSeconds: Math.ceil(options.timeoutMs / 1000), stdin: options.stdin,
  })
  const task: Manifest = spec.type === 'release'
    ? {
        apiVersion: 'batch/v1', kind: 'Job', metadata: meta(target, name, labels, annotationsOf(spec)),
        spec: { backoffLimit: 0, ttlSecondsAfterFinished: 600, template: { metadata: { labels, annotations: annotationsOf(spec) }, spec: podSpec } },
      }
    : { apiVersion: 'v1', kind: 'Pod', metadata: meta(target, name, labels, annotationsOf(spec)), spec: podSpec }
  return { secrets: [secrets.config, secrets.slug], task, networkPolicy: planNetworkPolicy(target, [spec]) }
}
