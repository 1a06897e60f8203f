import { dynoCommand, memoryQuotaBytes, planDynoEnv } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'
import type { KubernetesTarget } from './kubernetes-target.js'
import { DYNO_CONTAINER } from './manifest-names.js'

export interface PodSpecInput {
  target: KubernetesTarget
  spec: DynoSpec
  /** The Secret with the release's config vars (the container's envFrom). */
  configSecret: string
  /** The Secret with the slug's capability URL (only the fetch container reads it). */
  slugSecret: string
  restartPolicy: 'Always' | 'Never'
  /** Pods that run more than one dyno of a process type cannot each be told their own `DYNO`. */
  replicas: number
  /** A task's deadline; the kubelet kills it past this. */
  activeDeadlineSeconds?: number
  /** An attached one-off (`heroku run`) keeps its stdin open. */
  stdin?: boolean
}

export const SLUG_URL_KEY = 'SLUG_URL'

// Fetches the slug (ADR 0011: a capability URL, GET only), checks it against the checksum the
// release recorded, and unpacks it at /app for the dyno, which mounts it read-only.
const FETCH = [
  'set -eu',
  'curl --fail --silent --show-error --location --retry 3 --output /app/.slug.tgz "$SLUG_URL"',
  'if [ -n "$SLUG_SHA256" ]; then echo "$SLUG_SHA256  /app/.slug.tgz" | sha256sum -c -; fi',
  'tar -xzf /app/.slug.tgz --no-same-owner -C /app',
  'rm /app/.slug.tgz',
].join('\n')

const RESTRICTED = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ['ALL'] },
}

/**
 * The pod of one dyno, confined like a local one: not root, no capabilities, no privilege
 * escalation, a read-only root and slug, a private /tmp, memory limited at twice the size's quota
 * (Heroku's R15 point). Config vars come from the release's Secret; the platform's own variables
 * (`PORT`, `DYNO`, `HOME`, …) are set on the container, where they win over the Secret's.
 */
export function planPodSpec(input: PodSpecInput): Record<string, unknown> {
  const { target, spec } = input
  const port = spec.type === 'web' ? target.webPort : null
  const full = planDynoEnv(spec, port)
  // What the Secret already says stays there; only the platform's variables (and what they override) are listed.
  const platform = Object.entries(full).filter(([name, value]) => spec.env[name] !== value)
  // A Deployment's pods share one template: with several, each is told its pod's name instead of `web.N`.
  const shared = input.replicas > 1
  const env: Record<string, unknown>[] = [
    ...(shared ? [{ name: 'BERTH_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] : []),
    ...platform.map(([name, value]) => ({ name, value: shared && (name === 'DYNO' || name === 'PS') ? `${spec.type}.$(BERTH_POD_NAME)` : value })),
  ]
  const quota = memoryQuotaBytes(spec.size)
  const probe = port === null ? undefined : {
    ...(spec.healthCheckPath ? { httpGet: { path: spec.healthCheckPath, port } } : { tcpSocket: { port } }),
    periodSeconds: 1,
    failureThreshold: 1,
  }
  return {
    restartPolicy: input.restartPolicy,
    automountServiceAccountToken: false,
    // No `<SERVICE>_PORT` variables in the dyno's environment: only its config and the platform's.
    enableServiceLinks: false,
    terminationGracePeriodSeconds: Math.ceil(target.stopTimeoutMs / 1000),
    ...(input.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: input.activeDeadlineSeconds }),
    securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, fsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [{
      name: 'slug',
      image: target.fetchImage,
      command: ['/bin/sh', '-c', FETCH],
      env: [
        { name: 'SLUG_URL', valueFrom: { secretKeyRef: { name: input.slugSecret, key: SLUG_URL_KEY } } },
        { name: 'SLUG_SHA256', value: spec.slugChecksum?.replace(/^SHA256:/i, '') ?? '' },
      ],
      securityContext: RESTRICTED,
      resources: { limits: { memory: '256Mi' } },
      volumeMounts: [{ name: 'app', mountPath: '/app' }],
    }],
    containers: [{
      name: DYNO_CONTAINER,
      image: target.stackImage,
      command: dynoCommand(spec.command),
      workingDir: '/app',
      envFrom: [{ secretRef: { name: input.configSecret } }],
      env,
      ...(port === null ? {} : { ports: [{ name: 'http', containerPort: port, protocol: 'TCP' }], readinessProbe: probe }),
      ...(input.stdin ? { stdin: true, stdinOnce: true } : {}),
      // Heroku compat: the app may go over its quota (R14) before it is stopped at twice that (R15).
      resources: { requests: { memory: String(quota) }, limits: { memory: String(2 * quota) } },
      securityContext: RESTRICTED,
      volumeMounts: [{ name: 'app', mountPath: '/app', readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
    }],
    volumes: [{ name: 'app', emptyDir: {} }, { name: 'tmp', emptyDir: {} }],
  }
}
