/** A host directory made visible inside the sandbox at `path`. */
export interface SandboxMount {
  hostPath: string
  path: string
  writable: boolean
}

export interface SandboxSpec {
  /** The bwrap binary, or null to run unsandboxed (paths are then translated to host paths). */
  bwrap: string | null
  /** Drop to this user (only possible when Berth runs as root). */
  user: { uid: number; gid: number } | null
  mounts: SandboxMount[]
  command: string[]
  env: Record<string, string>
  /** A path inside the sandbox. */
  cwd: string
  /** Run inside this network of its own (a fenced network), entered with nsenter before dropping to `user`. */
  network?: SandboxNetwork
}

/** A network namespace of a sandbox's own, and the resolv.conf that works from inside it (see sandbox-dns.ts). */
export interface SandboxNetwork {
  namespacePath: string
  /** The host file shown at /etc/resolv.conf. */
  resolvConf: string
}

/** What to spawn: computed here, executed by a thin runner. */
export interface SpawnSpec {
  file: string
  args: string[]
  env: Record<string, string>
  cwd: string
  uid?: number
  gid?: number
}

// The host's system directories, read-only. /etc is narrowed to what programs need to run, resolve
// names and verify TLS; the rest of the host (the data dir, /root, other apps) is simply absent.
const SYSTEM_BINDS = ['/usr', '/bin', '/sbin', '/lib', '/lib64', '/lib32']
const ETC_BINDS = [
  '/etc/alternatives', '/etc/ssl', '/etc/ca-certificates', '/etc/ca-certificates.conf', '/etc/resolv.conf', '/etc/hosts',
  '/etc/nsswitch.conf', '/etc/passwd', '/etc/group', '/etc/localtime', '/etc/npmrc', '/etc/gitconfig', '/etc/ld.so.cache', '/etc/mime.types',
  // Debian's JDKs and Maven keep their configuration (java.security, settings.xml) in /etc.
  '/etc/java-17-openjdk', '/etc/java-21-openjdk', '/etc/maven',
]

/** The host paths every sandbox sees read-only (those that exist on this machine are bound). */
export const HOST_SYSTEM_PATHS: readonly string[] = [...SYSTEM_BINDS, ...ETC_BINDS]

/** The host file bound at one of those paths: itself, except /etc/resolv.conf in a network of the sandbox's own (see sandbox-dns.ts). */
export function systemPathSource(path: string, resolvConf: string | undefined): string {
  return path === '/etc/resolv.conf' && resolvConf ? resolvConf : path
}

/** Builds the argv that runs `command` in a bubblewrap sandbox (or, without bwrap, directly). */
export function planSandbox(spec: SandboxSpec): SpawnSpec {
  return spec.network === undefined ? planUnfenced(spec) : enterNamespace(planUnfenced(spec), spec.network.namespacePath)
}

// nsenter needs root to enter the namespace; it then drops to the sandbox's user itself.
function enterNamespace(inner: SpawnSpec, namespacePath: string): SpawnSpec {
  const drop = inner.uid === undefined ? [] : ['--setuid', String(inner.uid), '--setgid', String(inner.gid)]
  return { file: 'nsenter', args: [`--net=${namespacePath}`, ...drop, '--', inner.file, ...inner.args], env: inner.env, cwd: inner.cwd }
}

function planUnfenced(spec: SandboxSpec): SpawnSpec {
  const user = spec.user ?? {}
  if (spec.bwrap === null) {
    const translate = (value: string) => toHostPath(spec.mounts, value)
    const [file, ...args] = spec.command.map(translate)
    const env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, translate(v)]))
    return { file: file!, args, env, cwd: translate(spec.cwd), ...user }
  }
  // No --new-session: commands run detached with pipes, never with a terminal, and staying in the
  // spawn's process group lets a graceful stop reach them (see signal-group.ts).
  const args = ['--die-with-parent', '--unshare-pid', '--unshare-ipc', '--unshare-uts', '--unshare-cgroup-try']
  for (const dir of SYSTEM_BINDS) args.push('--ro-bind-try', dir, dir)
  for (const file of ETC_BINDS) args.push('--ro-bind-try', systemPathSource(file, spec.network?.resolvConf), file)
  args.push('--proc', '/proc', '--dev', '/dev', '--tmpfs', '/tmp')
  for (const mount of spec.mounts) args.push(mount.writable ? '--bind' : '--ro-bind', mount.hostPath, mount.path)
  // The sandbox's own root (where the mount points were made) is read-only too: what runs inside
  // writes only its writable mounts and /tmp.
  args.push('--remount-ro', '/')
  args.push('--chdir', spec.cwd, '--', ...spec.command)
  return { file: spec.bwrap, args, env: spec.env, cwd: '/', ...user }
}

function toHostPath(mounts: readonly SandboxMount[], value: string): string {
  for (const mount of mounts) {
    if (value === mount.path) return mount.hostPath
    if (value.startsWith(`${mount.path}/`)) return mount.hostPath + value.slice(mount.path.length)
  }
  return value
}

// Joins each cgroup by writing its own pid, then becomes the command: nothing the command starts is
// ever outside the groups, and a group that cannot be joined stops the start.
const JOIN_CGROUPS = 'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 126; shift; n=$((n - 1)); done; exec "$@"'

/** Wraps a spawn so that its process enters the given cgroups (their `cgroup.procs` files) before anything runs. */
export function enterCgroups(spec: SpawnSpec, procsFiles: readonly string[]): SpawnSpec {
  if (procsFiles.length === 0) return spec
  return { ...spec, file: '/bin/sh', args: ['-c', JOIN_CGROUPS, 'sh', String(procsFiles.length), ...procsFiles, spec.file, ...spec.args] }
}
