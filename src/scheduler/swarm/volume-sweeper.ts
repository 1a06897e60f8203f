import { LABELS } from '../docker/plan-container.js'
import type { EngineApi } from '../docker/engine-api.js'
import { replaceService } from './swarm-tasks.js'

/** The label that marks the sweeper's service, with the server's tag. */
export const SWEEPER_LABEL = 'berth.sweeper'

const ENGINE_SOCKET = '/var/run/docker.sock'
const sweeperName = (serverTag: string) => `berth-${serverTag.slice(0, 12)}-sweeper`

export interface VolumeSweeperOptions {
  api: EngineApi
  /** The stack image (every node has it). */
  image: string
  serverTag: string
  /** How long between sweeps on each node (default an hour). */
  everySeconds?: number
}

// Each node's own engine removes the volumes of this server no container uses (Engine API 1.41,
// whose prune takes named volumes too). It waits first: a restarted server keeps its nodes' slugs.
const SWEEP = [
  'set -u',
  'while :; do',
  '  sleep "$BERTH_SWEEP_SECONDS"',
  `  curl -fsS --max-time 300 --unix-socket ${ENGINE_SOCKET} -X POST "http://engine/v1.41/volumes/prune?filters=$BERTH_SWEEP_FILTERS" -o /dev/null || echo "could not sweep this node's unused volumes" >&2`,
  'done',
].join('\n')

/**
 * The sweeper service (ADR 0012): one task on every node, removing the slug and runtime volumes of
 * this server that no container uses, so a node keeps only what its dynos run on. It asks its
 * node's engine, through the engine's socket: Berth's own script, with no tenant input.
 */
export function planSweeperService(options: Pick<VolumeSweeperOptions, 'image' | 'serverTag'> & { everySeconds: number }): { Name: string } & Record<string, unknown> {
  const labels = { [SWEEPER_LABEL]: options.serverTag }
  const filters = encodeURIComponent(JSON.stringify({ label: [`${LABELS.server}=${options.serverTag}`] }))
  return {
    Name: sweeperName(options.serverTag),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: options.image, Labels: labels, Command: ['/bin/sh', '-c', SWEEP],
        Env: [`BERTH_SWEEP_SECONDS=${options.everySeconds}`, `BERTH_SWEEP_FILTERS=${filters}`],
        // Root for the engine's socket (root's own, 0660), with no capabilities.
        User: '0:0', ReadOnly: true, CapabilityDrop: ['ALL'], StopGracePeriod: 1_000_000_000,
        Mounts: [{ Type: 'bind', Source: ENGINE_SOCKET, Target: ENGINE_SOCKET }],
      },
      Resources: { Limits: { MemoryBytes: 32 * 1024 * 1024, Pids: 16 } },
      RestartPolicy: { Condition: 'any', Delay: 5_000_000_000 },
    },
    Mode: { Global: {} },
  }
}

/** Starts the sweeper on every node (replacing the one a killed server left); resolves with what removes it. */
export async function startVolumeSweeper(options: VolumeSweeperOptions): Promise<{ close(): Promise<void> }> {
  const { api } = options
  const serviceId = await replaceService(api, planSweeperService({ ...options, everySeconds: options.everySeconds ?? 3600 }))
  return { close: async () => { await api.json('DELETE', `/services/${serviceId}`).catch(() => {}) } }
}
