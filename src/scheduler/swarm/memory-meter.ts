import type { IncomingMessage } from 'node:http'
import { demultiplex, type EngineApi } from '../docker/engine-api.js'
import { replaceService } from './swarm-tasks.js'

/** Where the meter sees its node's cgroups: the node's /sys/fs/cgroup, read-only. */
const CGROUPS = '/node-cgroups'

// Every container's resident memory on the node, as `<container id> <bytes>` lines, every interval:
// `total_rss` of its memory cgroup on cgroup v1, `anon` on v2 (page cache does not count, as on
// Heroku), wherever the engine puts containers (cgroupfs or systemd, v1 or v2).
const METER = [
  'while :; do',
  `  for stat in ${CGROUPS}/memory/docker/*/memory.stat ${CGROUPS}/memory/system.slice/docker-*.scope/memory.stat ${CGROUPS}/docker/*/memory.stat ${CGROUPS}/system.slice/docker-*.scope/memory.stat; do`,
  '    [ -r "$stat" ] || continue',
  '    id=${stat%/memory.stat}; id=${id##*/}; id=${id#docker-}; id=${id%.scope}',
  '    while read -r key value; do',
  '      case $key in total_rss|anon) echo "$id $value"; break;; esac',
  '    done < "$stat"',
  '  done',
  '  sleep "$BERTH_METER_SECONDS"',
  'done',
].join('\n')

export interface MemoryMeterOptions {
  api: EngineApi
  /** The stack image (every node has it). */
  image: string
  serverTag: string
  /** How often each node reports (default 2 s). */
  intervalSeconds?: number
}

/** The meter service: one task on every node, as Berth's own unprivileged program with the node's cgroups read-only. */
export function planMeterService(options: Pick<MemoryMeterOptions, 'image' | 'serverTag'> & { intervalSeconds: number }): { Name: string } & Record<string, unknown> {
  // Not the dynos' label: the dynos' sweep leaves it alone, and a new server replaces it by name.
  const labels = { [METER_LABEL]: options.serverTag }
  return {
    Name: meterName(options.serverTag),
    Labels: labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: options.image, Labels: labels, Command: ['/bin/sh', '-c', METER], Env: [`BERTH_METER_SECONDS=${options.intervalSeconds}`],
        User: '65534:65534', ReadOnly: true, CapabilityDrop: ['ALL'], StopGracePeriod: 1_000_000_000,
        Mounts: [{ Type: 'bind', Source: '/sys/fs/cgroup', Target: CGROUPS, ReadOnly: true }],
      },
      Resources: { Limits: { MemoryBytes: 32 * 1024 * 1024, Pids: 32 } },
      RestartPolicy: { Condition: 'any', Delay: 1_000_000_000 },
    },
    Mode: { Global: {} },
  }
}

/** The label that marks the meter's service, with the server's tag. */
export const METER_LABEL = 'berth.meter'

const meterName = (serverTag: string) => `berth-${serverTag.slice(0, 12)}-meter`

/**
 * Dynos' memory on every node of the swarm (ADR 0012), for R14 and R15: Swarm's API tells no
 * container's memory, and a node runs nothing of Berth's but containers. So a global service
 * reads each node's cgroups and prints what each container holds; Berth follows its log stream
 * and keeps the latest reading per container. Dynos cannot write to that stream.
 */
export class MemoryMeter {
  readonly #readings = new Map<string, { bytes: number; at: number }>()
  #logs: IncomingMessage | null = null
  #closed = false

  private constructor(private readonly api: EngineApi, private readonly serviceId: string, private readonly intervalMs: number) {}

  static async start(options: MemoryMeterOptions): Promise<MemoryMeter> {
    const intervalSeconds = options.intervalSeconds ?? 2
    const serviceId = await replaceService(options.api, planMeterService({ ...options, intervalSeconds }))
    const meter = new MemoryMeter(options.api, serviceId, intervalSeconds * 1000)
    meter.#follow()
    return meter
  }

  /** A container's resident memory as last reported, while its node still reports it; null otherwise. */
  bytesOf(containerId: string): number | null {
    const reading = this.#readings.get(containerId)
    return reading && Date.now() - reading.at <= 3 * this.intervalMs + 2000 ? reading.bytes : null
  }

  /** The last reading of a container, however old (a container that has ended). */
  lastBytesOf(containerId: string): number | null {
    return this.#readings.get(containerId)?.bytes ?? null
  }

  /** Stops following, and removes the service. */
  async close(): Promise<void> {
    this.#closed = true
    this.#logs?.destroy()
    await this.api.json('DELETE', `/services/${this.serviceId}`).catch(() => {})
  }

  /** Follows the service's log stream, again after it ends (a node that joins, an engine restart), until closed. */
  #follow(): void {
    let partial = ''
    const since = Math.floor(Date.now() / 1000)
    this.api.open('GET', `/services/${this.serviceId}/logs?stdout=1&follow=1&since=${since}`).then((logs) => {
      this.#logs = logs
      if (this.#closed) return logs.destroy()
      logs.on('data', demultiplex((_stream, payload) => {
        const lines = (partial + payload.toString('utf8')).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) this.#read(line)
      }))
      logs.on('error', () => {})
      logs.once('close', () => this.#again())
    }, () => this.#again())
  }

  #again(): void {
    if (this.#closed) return
    setTimeout(() => this.#follow(), this.intervalMs).unref()
  }

  #read(line: string): void {
    const match = /^([0-9a-f]{64}) (\d{1,15})$/.exec(line.trim())
    if (!match) return
    this.#readings.set(match[1]!, { bytes: Number(match[2]), at: Date.now() })
    // Readings of containers no node has reported for a while go.
    if (this.#readings.size > 4096) {
      for (const [id, reading] of this.#readings) if (Date.now() - reading.at > 60_000) this.#readings.delete(id)
    }
  }
}
