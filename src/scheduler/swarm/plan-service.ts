import { ENV_NAME, shellQuote } from '../../core/builds/config-vars-profile-script.js'
import { RUNTIME_STORE_PATH, RUNTIMES_PATH } from '../../sandbox/runtime-mounts.js'
import { LABELS } from '../docker/plan-container.js'
import { dynoCommand, memoryQuotaBytes, planDynoEnv, processLimit } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'

/** The unprivileged user that fetches and unpacks a slug, so the dyno's own user cannot change it. */
export const SLUG_OWNER = { uid: 65533, gid: 65533 }
/** The unprivileged user that fills a node's runtime volumes: not the slug's, which unpacks what a tenant built. */
export const RUNTIME_OWNER = { uid: 65532, gid: 65532 }

/** A runtime from Berth's store the slug runs on, as a dyno on another machine gets it. */
export interface RuntimeDelivery {
  /** `node@18.20.8`. */
  ref: string
  /** A capability URL of its tarball, and the tarball's sha256 (hex). */
  url: string
  sha256: string
}

/** Where a runtime lives on a node: a volume of its own, filled once by the first dyno there that needs it. */
export function runtimeVolume(ref: string): { name: string; target: string; path: string } {
  const [name, version] = ref.split('@') as [string, string]
  return { name: `berth-runtime-${name}-${version}`, target: `/runtime-volumes/${name}-${version}`, path: `${name}/${version}` }
}

export interface SwarmDynoInput {
  spec: DynoSpec
  /** The service's (or container's) name, unique in the swarm. */
  name: string
  image: string
  serverTag: string
  marker: string
  /** The app's overlay network. */
  network: string
  port: number | null
  /** The dyno's user, never root. */
  user: { uid: number; gid: number }
  /** A capability URL of the slug's archive (GET, expiring) and its `SHA256:<hex>`. */
  slugUrl: string
  slugChecksum: string
  /** The runtimes from Berth's store the slug runs on (`spec.runtimes`). */
  runtimes: readonly RuntimeDelivery[]
  /** The operator's runtimes (BERTH_RUNTIMES_DIR): at this same path on every node, bound read-only at /runtimes. */
  operatorRuntimes?: string | null
  stopTimeoutMs: number
}

const dropTo = (user: { uid: number; gid: number }) =>
  `setpriv --reuid=${user.uid} --regid=${user.gid} --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all --`

const quoted = (script: string) => `'${script.replace(/'/g, `'\\''`)}'`

// As RUNTIME_OWNER: each runtime in BERTH_RUNTIMES (lines of `<path> <url> <sha256>`) whose volume is
// still empty is fetched, checked and unpacked there, then renamed into place whole (a dyno starting
// beside it on the same node either wins the rename or throws its copy away).
const FILL_RUNTIMES = [
  'set -eu',
  'dir=$(mktemp -d)',
  'printf "%s\\n" "$BERTH_RUNTIMES" | while read -r path url sha; do',
  '  vol="/runtime-volumes/$(printf %s "$path" | tr / -)"',
  '  [ -d "$vol/current" ] && continue',
  '  curl -fsS --retry 3 --retry-connrefused --max-time 600 -o "$dir/runtime.tgz" "$url" || { echo "could not fetch the runtime $path" >&2; exit 1; }',
  '  echo "$sha  $dir/runtime.tgz" | sha256sum -c --status || { echo "the runtime $path does not match its checksum" >&2; exit 1; }',
  '  fill=$(mktemp -d "$vol/.fill-XXXXXX")',
  '  tar -xzf "$dir/runtime.tgz" -C "$fill" --no-same-owner',
  '  chmod 755 "$fill"',
  '  mv -T "$fill" "$vol/current" 2>/dev/null || rm -rf "$fill"',
  '  rm -f "$dir/runtime.tgz"',
  'done',
  'rm -rf "$dir"',
].join('\n')

/** The file in a slug volume that says its slug is whole there (its sha256); also the lock its fills take. */
const SLUG_MARK = '.berth-slug-unpacked'

/** A slug's `SHA256:<hex>` checksum as sha256sum writes it; a slug without one never runs. */
function slugSha256(slugChecksum: string): string {
  const sha = /^SHA256:([0-9a-f]{64})$/i.exec(slugChecksum)?.[1]?.toLowerCase()
  if (!sha) throw new Error('the slug has no recorded checksum, so its archive cannot be trusted')
  return sha
}

/**
 * Where a slug lives on a node: a volume of its own, filled once by the first dyno there that runs
 * it (slugs never change; what is unpacked is checked against the checksum first).
 */
export function slugVolume(slugId: string): string {
  if (!/^[A-Za-z0-9][\w.-]{0,63}$/.test(slugId)) throw new Error(`slug id ${JSON.stringify(slugId.slice(0, 80))} cannot name a volume`)
  return `berth-slug-${slugId}`
}

// As SLUG_OWNER, under the volume's lock: unless the volume already holds the slug whole, what is
// there (a fill cut short) goes, and the slug is fetched, checked against its checksum and unpacked;
// the mark is written last. Dynos of the same slug starting together on one node wait for one fill.
const FETCH_SLUG = [
  'set -eu',
  'chmod 755 /app',
  `exec 9>>/app/${SLUG_MARK}`,
  'flock 9',
  `[ "$(cat /app/${SLUG_MARK})" = "$BERTH_SLUG_SHA256" ] && exit 0`,
  `chmod -R u+w /app && find /app -mindepth 1 -maxdepth 1 ! -name ${SLUG_MARK} -exec rm -rf {} +`,
  'dir=$(mktemp -d)',
  'curl -fsS --retry 3 --retry-connrefused --max-time 600 -o "$dir/slug.tgz" "$BERTH_SLUG_URL" || { echo "could not fetch the slug" >&2; exit 1; }',
  'echo "$BERTH_SLUG_SHA256  $dir/slug.tgz" | sha256sum -c --status || { echo "the slug does not match its checksum; it will not run" >&2; exit 1; }',
  `tar -xzf "$dir/slug.tgz" -C /app --no-same-owner --no-same-permissions --exclude=${SLUG_MARK}`,
  // The build's own modes may shut out everyone but the owner (its /app is 0700); the dyno reads, never writes.
  'chmod -R a+rX /app',
  'rm -rf "$dir"',
  `printf %s "$BERTH_SLUG_SHA256" > /app/${SLUG_MARK}`,
].join('\n')

/**
 * The dyno's first steps in the stack image (ADR 0012), as Heroku's dynos start: the runtimes it
 * needs and its slug are put on its node once (each in a volume; the slug's is /app): the slug is
 * fetched and checked against its checksum, then unpacked by an unprivileged user of its own (never
 * root, and not the dyno's user, so the slug is read-only to the app, and to every dyno that shares
 * the volume); then the container drops to the dyno's user
 * with no capabilities left, reads its environment (config vars and dyno metadata, from
 * ENV_FILE) and runs the command. Root only hands out directories and makes the runtimes' links at
 * /runtime-store; it reads nothing the app made. None of these steps sees a config var: their own
 * environment is Berth's alone (a tenant's TAR_OPTIONS or LD_PRELOAD would otherwise steer them).
 */
export function slugEntry(user: { uid: number; gid: number }): string[] {
  const script = [
    'set -eu',
    // Only its owner may change its mode (root has no CAP_FOWNER), and a volume a dyno filled before is the slug owner's already.
    `chown ${SLUG_OWNER.uid}:${SLUG_OWNER.gid} /app`,
    'if [ -n "${BERTH_RUNTIMES:-}" ]; then',
    `  for vol in /runtime-volumes/*; do chown ${RUNTIME_OWNER.uid}:${RUNTIME_OWNER.gid} "$vol"; done`,
    `  (umask 022 && ${dropTo(RUNTIME_OWNER)} /bin/sh -c ${quoted(FILL_RUNTIMES)}) || exit 125`,
    '  printf "%s\\n" "$BERTH_RUNTIMES" | while read -r path url sha; do',
    '    mkdir -p "/runtime-store/${path%/*}" && ln -s "/runtime-volumes/$(printf %s "$path" | tr / -)/current" "/runtime-store/$path"',
    '  done',
    'fi',
    `(umask 022 && ${dropTo(SLUG_OWNER)} /bin/sh -c ${quoted(FETCH_SLUG)}) || exit 125`,
    'unset BERTH_SLUG_URL BERTH_SLUG_SHA256 BERTH_RUNTIMES',
    // The app's environment reaches its own user only: never root or the users that unpack.
    `exec ${dropTo(user)} /bin/sh -c '. ${ENV_FILE} && exec "$@"' dyno "$@"`,
  ].join('\n')
  return ['/bin/sh', '-c', script, 'dyno']
}

/** Where a dyno's environment is, for its own user to read (a Swarm secret, or a bind-mounted file). */
export const ENV_FILE = '/run/secrets/berth-env'

/** The container's own environment: Berth's values only (the dyno's marker, where its slug and runtimes are). */
function entryEnv(input: SwarmDynoInput): Record<string, string> {
  return {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    BERTH_DYNO_ID: input.marker, TINI_KILL_PROCESS_GROUP: '1', BERTH_SLUG_URL: input.slugUrl, BERTH_SLUG_SHA256: slugSha256(input.slugChecksum),
    BERTH_RUNTIMES: input.runtimes.map((r) => `${runtimeVolume(r.ref).path} ${r.url} ${r.sha256}`).join('\n'),
  }
}

/** The dyno's environment (config vars, then PORT, DYNO, HOME…) as the script ENV_FILE holds. */
export function dynoEnvScript(spec: DynoSpec, port: number | null): string {
  const lines = Object.entries(planDynoEnv(spec, port)).filter(([name]) => ENV_NAME.test(name)).map(([name, value]) => `export ${name}=${shellQuote(value)}`)
  return `${lines.join('\n')}\n`
}

// Root in the container may only hand /app to the slug's user and switch users (see slugEntry), and
// the engine's init (root) must signal the dyno's processes (SIGTERM on stop).
const CAPABILITIES = ['CAP_CHOWN', 'CAP_SETUID', 'CAP_SETGID', 'CAP_KILL']

type RuntimeMount = { type: 'tmpfs'; target: string } | { type: 'volume' | 'bind'; source: string; target: string }

/**
 * The operator's runtimes at /runtimes (as every build and local dyno sees them), and the store's
 * runtimes the slug runs on: their volumes, and /runtime-store where their links go.
 */
function runtimeMounts(input: SwarmDynoInput): RuntimeMount[] {
  const operator: RuntimeMount[] = input.operatorRuntimes ? [{ type: 'bind', source: input.operatorRuntimes, target: RUNTIMES_PATH }] : []
  if (input.runtimes.length === 0) return operator
  return [
    ...operator,
    { type: 'tmpfs', target: RUNTIME_STORE_PATH },
    ...input.runtimes.map((runtime) => ({ type: 'volume' as const, source: runtimeVolume(runtime.ref).name, target: runtimeVolume(runtime.ref).target })),
  ]
}

/**
 * A formation dyno as a Swarm service (Engine API 1.41): one replica that Swarm places and never
 * restarts by itself (Berth restarts it, with Heroku's cool-off, and so on another node when its
 * node is gone); a web dyno's $PORT published on its node's own address (host mode), where the
 * router reaches it. Memory and process limits as for every dyno.
 */
export function planService(input: SwarmDynoInput, envSecret: { id: string; name: string }): Record<string, unknown> {
  const { spec } = input
  const labels = { [LABELS.server]: input.serverTag, [LABELS.dyno]: input.marker }
  const env = entryEnv(input)
  return {
    Name: input.name,
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: input.image, Labels: labels, Command: slugEntry(input.user), Args: dynoCommand(spec.command),
        Hostname: spec.name.replace(/[^A-Za-z0-9-]/g, '-'), Env: Object.entries(env).map(([name, value]) => `${name}=${value}`),
        Dir: '/app', User: '0:0', ReadOnly: true, Init: true, StopSignal: 'SIGTERM', StopGracePeriod: input.stopTimeoutMs * 1_000_000,
        CapabilityDrop: ['ALL'], CapabilityAdd: CAPABILITIES,
        Secrets: [{ SecretID: envSecret.id, SecretName: envSecret.name, File: { Name: ENV_FILE.split('/').pop(), UID: String(input.user.uid), GID: String(input.user.gid), Mode: 0o400 } }],
        Mounts: [
          // A volume, not tmpfs (which the engine mounts noexec): a slug runs its own programs (node_modules/.bin, a Go binary).
          { Type: 'volume', Source: slugVolume(input.spec.slugId), Target: '/app', VolumeOptions: { NoCopy: true, Labels: { [LABELS.server]: input.serverTag } } },
          { Type: 'tmpfs', Target: '/tmp', TmpfsOptions: { Mode: 0o1777 } },
          ...runtimeMounts(input).map((mount) => mount.type === 'tmpfs'
            ? { Type: 'tmpfs', Target: mount.target, TmpfsOptions: { Mode: 0o755 } }
            : mount.type === 'bind'
              ? { Type: 'bind', Source: mount.source, Target: mount.target, ReadOnly: true }
              : { Type: 'volume', Source: mount.source, Target: mount.target, VolumeOptions: { Labels: { [LABELS.server]: input.serverTag } } }),
        ],
      },
      // Heroku compat: the app may go over its quota (R14) before it is stopped at twice that (R15).
      Resources: { Limits: { MemoryBytes: 2 * memoryQuotaBytes(spec.size), Pids: processLimit(spec.size) } },
      RestartPolicy: { Condition: 'none' },
      Networks: [{ Target: input.network }],
    },
    Mode: { Replicated: { Replicas: 1 } },
    // dnsrr: no virtual IP (nothing reaches a dyno through Swarm's load balancer).
    EndpointSpec: { Mode: 'dnsrr', Ports: input.port === null ? [] : [{ Protocol: 'tcp', TargetPort: input.port, PublishedPort: input.port, PublishMode: 'host' }] },
  }
}

/** `docker run --mount` of a node's volume, labelled as the services' are when this run makes it. */
const volumeMount = (source: string, target: string, serverTag: string) =>
  `type=volume,source=${source},destination=${target},volume-label=${LABELS.server}=${serverTag}`

/**
 * A one-off or release-phase dyno as `docker run`, attached, on this machine's engine (a Swarm
 * service cannot take a client's input), in the same image and on the app's network. The dyno's
 * environment is `envFile` (Berth's, readable by the dyno's user only), bound at ENV_FILE; the
 * CLI's own environment carries Berth's entry values only, named with `--env NAME`.
 */
export function planTaskContainer(input: SwarmDynoInput, envFile: string): { args: string[]; env: Record<string, string> } {
  const { spec } = input
  const env = entryEnv(input)
  const args = [
    // Not --rm: Berth removes it once it has asked the engine why it ended (R15).
    'run', '--interactive', '--name', input.name,
    '--label', `${LABELS.server}=${input.serverTag}`, '--label', `${LABELS.dyno}=${input.marker}`,
    '--network', input.network, '--hostname', spec.name.replace(/[^A-Za-z0-9-]/g, '-'),
    '--user', '0:0', '--cap-drop', 'ALL', ...CAPABILITIES.flatMap((cap) => ['--cap-add', cap]), '--security-opt', 'no-new-privileges',
    '--read-only', '--mount', `${volumeMount(slugVolume(input.spec.slugId), '/app', input.serverTag)},volume-nocopy`, '--mount', 'type=tmpfs,destination=/tmp,tmpfs-mode=1777',
    ...runtimeMounts(input).flatMap((mount) => ['--mount', mount.type === 'tmpfs'
      ? `type=tmpfs,destination=${mount.target},tmpfs-mode=755`
      : mount.type === 'bind' ? `type=bind,source=${mount.source},destination=${mount.target},readonly` : volumeMount(mount.source, mount.target, input.serverTag)]),
    '--memory', String(2 * memoryQuotaBytes(spec.size)), '--pids-limit', String(processLimit(spec.size)),
    '--init', '--workdir', '/app', '--mount', `type=bind,source=${envFile},target=${ENV_FILE},readonly`,
  ]
  for (const name of Object.keys(env)) args.push('--env', name)
  args.push(input.image, ...slugEntry(input.user), ...dynoCommand(spec.command))
  return { args, env }
}
