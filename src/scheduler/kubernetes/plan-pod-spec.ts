import { shellQuote } from '../../core/builds/config-vars-profile-script.js'
import { RUNTIME_STORE_PATH } from '../../sandbox/runtime-mounts.js'
import { dynoCommand, memoryQuotaBytes, planDynoEnv } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'
import type { KubernetesTarget } from './kubernetes-target.js'
import { DYNO_CONTAINER } from './manifest-names.js'

export interface PodSpecInput {
  target: KubernetesTarget
  spec: DynoSpec
  /** The Secret with the release's config vars (the container's envFrom). */
  configSecret: string
  /** The Secret with the slug's and the runtimes' capability URLs (only the fetch container reads it). */
  slugSecret: string
  /** The runtimes from Berth's store the slug runs on: where each goes (`node/20.11.1`), and its tarball's sha256. */
  runtimes: readonly { path: string; sha256: string }[]
  restartPolicy: 'Always' | 'Never'
  /** Pods that run more than one dyno of a process type cannot each be told their own `DYNO`. */
  replicas: number
  /** A task's deadline; the kubelet kills it past this. */
  activeDeadlineSeconds?: number
  /** An attached one-off (`heroku run`) keeps its stdin open. */
  stdin?: boolean
}

export const SLUG_URL_KEY = 'SLUG_URL'
/** The runtimes' capability URLs in the slug Secret: a line `<name>/<version> <url>` each. */
export const RUNTIME_URLS_KEY = 'RUNTIME_URLS'

/** Where the init container writes: the slug's volume, and the volume the runtimes are unpacked in. */
export interface FetchPaths {
  app: string
  runtimes: string
}

/** The init container's mounts, and the runtimes' layout in it as in the dyno (`/runtime-store/node/20.11.1`). */
export const FETCH_PATHS: FetchPaths = { app: '/app', runtimes: RUNTIME_STORE_PATH }

/**
 * The init container's script. First each runtime of RUNTIMES (a line `<name>/<version> <sha256>`
 * each) not yet in its volume (an init container that failed runs again with the same volumes):
 * fetched from its URL in RUNTIME_URLS, checked against its checksum, unpacked aside and renamed
 * into place whole, so a half-unpacked runtime is never at its path. Then the slug (ADR 0011: a
 * capability URL, GET only), checked against the checksum the release recorded, unpacked at /app.
 * The dyno mounts both read-only. `paths` differ from FETCH_PATHS only in tests.
 */
export function fetchScript(paths: FetchPaths = FETCH_PATHS): string {
  return [
    'set -eu',
    `app=${shellQuote(paths.app)}`,
    `store=${shellQuote(paths.runtimes)}`,
    // Whatever fails, no download is left behind, nor a runtime unpacked halfway (it is never at its path).
    'trap \'rm -rf "$store/.fetch" "$app/.slug.tgz"\' EXIT',
    'printf \'%s\\n\' "${RUNTIMES:-}" | while read -r path sha; do',
    '  if [ -z "$path" ] || [ -d "$store/$path" ]; then continue; fi',
    '  url=$(printf \'%s\\n\' "${RUNTIME_URLS:-}" | while read -r named u; do if [ "$named" = "$path" ]; then printf %s "$u"; fi; done)',
    '  if [ -z "$url" ]; then echo "no URL was given for the runtime $path" >&2; exit 1; fi',
    '  rm -rf "$store/.fetch" && mkdir -p "$store/.fetch/unpacked"',
    '  curl --fail --silent --show-error --location --retry 3 --output "$store/.fetch/runtime.tgz" "$url" || { echo "could not fetch the runtime $path" >&2; exit 1; }',
    '  echo "$sha  $store/.fetch/runtime.tgz" | sha256sum -c --status - || { echo "the runtime $path does not match its checksum; the dyno will not start" >&2; exit 1; }',
    '  tar -xzf "$store/.fetch/runtime.tgz" --no-same-owner -C "$store/.fetch/unpacked"',
    '  mkdir -p "$store/${path%/*}" && mv "$store/.fetch/unpacked" "$store/$path"',
    'done',
    'curl --fail --silent --show-error --location --retry 3 --output "$app/.slug.tgz" "$SLUG_URL"',
    'if [ -n "$SLUG_SHA256" ]; then echo "$SLUG_SHA256  $app/.slug.tgz" | sha256sum -c --status - || { echo "the slug does not match its checksum; the dyno will not start" >&2; exit 1; }; fi',
    'tar -xzf "$app/.slug.tgz" --no-same-owner -C "$app"',
    'rm "$app/.slug.tgz"',
  ].join('\n')
}

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
  const runtimes = input.runtimes.length > 0
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
      command: ['/bin/sh', '-c', fetchScript()],
      env: [
        { name: 'SLUG_URL', valueFrom: { secretKeyRef: { name: input.slugSecret, key: SLUG_URL_KEY } } },
        { name: 'SLUG_SHA256', value: spec.slugChecksum?.replace(/^SHA256:/i, '') ?? '' },
        // The checksums pin what the pod runs in its template; the URLs expire, so they live in the Secret Berth rewrites.
        ...(runtimes ? [
          { name: 'RUNTIMES', value: input.runtimes.map((r) => `${r.path} ${r.sha256}`).join('\n') },
          { name: 'RUNTIME_URLS', valueFrom: { secretKeyRef: { name: input.slugSecret, key: RUNTIME_URLS_KEY } } },
        ] : []),
      ],
      securityContext: RESTRICTED,
      resources: { limits: { memory: '256Mi' } },
      volumeMounts: [{ name: 'app', mountPath: FETCH_PATHS.app }, ...(runtimes ? [{ name: 'runtimes', mountPath: FETCH_PATHS.runtimes }] : [])],
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
      volumeMounts: [
        { name: 'app', mountPath: '/app', readOnly: true },
        { name: 'tmp', mountPath: '/tmp' },
        // Each runtime alone, where the slug expects it: never the volume's unfinished fetches.
        ...input.runtimes.map((r) => ({ name: 'runtimes', mountPath: `${RUNTIME_STORE_PATH}/${r.path}`, subPath: r.path, readOnly: true })),
      ],
    }],
    // The pod's own copy of each runtime: nothing another app's pod could have written.
    volumes: [{ name: 'app', emptyDir: {} }, { name: 'tmp', emptyDir: {} }, ...(runtimes ? [{ name: 'runtimes', emptyDir: {} }] : [])],
  }
}
