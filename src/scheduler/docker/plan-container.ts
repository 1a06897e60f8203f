import type { SandboxMount } from '../../sandbox/plan-sandbox.js'
import { dynoCommand, memoryQuotaBytes, planDynoEnv, processLimit } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'

/** Labels on every container Berth runs, so a restarted server finds what it left. */
export const LABELS = { server: 'berth.server', dyno: 'berth.dyno' } as const

export interface ContainerPlanInput {
  spec: DynoSpec
  /** The container's name, unique on the engine. */
  name: string
  image: string
  /** This server's tag (`berth.server` label). */
  serverTag: string
  /** Marks the container as this dyno's (`berth.dyno` label, and BERTH_DYNO_ID in its env). */
  marker: string
  network: string
  /** The container's own address on Berth's network, where the router reaches a web dyno. */
  address: string
  port: number | null
  user: { uid: number; gid: number }
  /** Read-only: the slug at /app, the host's system directories, the runtimes. */
  mounts: readonly SandboxMount[]
  /** A host directory where Berth writes `ready` once the dyno's add-on grants are in place; the dyno waits for it. */
  gateDir?: string
}

/** Where a container sees its gate directory. */
export const GATE_PATH = '/run/berth'

// Holds the dyno's command until Berth has made its add-ons reachable (up to 10 s), so a release
// phase's first connection to its database is never refused.
const GATE = [
  `i=0; until [ -e ${GATE_PATH}/ready ]; do`,
  '  i=$((i + 1)); if [ "$i" -gt 200 ]; then echo "Berth could not connect this dyno to its add-ons" >&2; exit 125; fi; sleep 0.05',
  'done; exec "$@"',
].join('\n')

/**
 * `docker run` for one dyno, attached (the scheduler supervises it as a process: its output is the
 * dyno's log, its exit is the dyno's). The env travels in the CLI's own environment, named with
 * `-e NAME` only, so config vars never appear in a command line. Confined like a local dyno: not
 * root, no capabilities, a read-only root and slug, a private /tmp, memory and process limits.
 */
export function planContainer(input: ContainerPlanInput): { args: string[]; env: Record<string, string> } {
  const { spec } = input
  const env = { ...planDynoEnv(spec, input.port), BERTH_DYNO_ID: input.marker }
  const args = [
    // Not --rm: Berth removes it once it has asked the engine why it ended (R15).
    'run', '--interactive', '--name', input.name,
    '--label', `${LABELS.server}=${input.serverTag}`, '--label', `${LABELS.dyno}=${input.marker}`,
    '--network', input.network, '--ip', input.address, '--hostname', spec.name.replace(/[^A-Za-z0-9-]/g, '-'),
    '--user', `${input.user.uid}:${input.user.gid}`, '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
    '--read-only', '--mount', 'type=tmpfs,destination=/tmp,tmpfs-mode=1777',
    // Heroku compat: the app may go over its quota (R14) before it is stopped at twice that (R15).
    '--memory', String(2 * memoryQuotaBytes(spec.size)), '--pids-limit', String(processLimit(spec.size)),
    // The dyno's main process traps SIGTERM; its process group gets it, as a local dyno's does.
    '--init', '--env', 'TINI_KILL_PROCESS_GROUP=1',
    '--workdir', '/app',
  ]
  const mounts = input.gateDir ? [...input.mounts, { hostPath: input.gateDir, path: GATE_PATH, writable: false }] : input.mounts
  for (const mount of mounts) {
    args.push('--mount', `type=bind,source=${mount.hostPath},target=${mount.path}${mount.writable ? '' : ',readonly'}`)
  }
  for (const name of Object.keys(env)) args.push('--env', name)
  args.push(input.image, ...(input.gateDir ? ['/bin/sh', '-c', GATE, 'gate'] : []), ...dynoCommand(spec.command))
  return { args, env }
}
