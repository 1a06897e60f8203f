import type { DockerEngine } from './docker-engine.js'
import { LABELS } from './plan-container.js'

/** A dyno's container still running after its server was killed: the next server attaches to it. */
export interface RunningContainer {
  name: string
  /** Its address on the dynos' network. */
  address: string
  /** Its `$PORT` (web dynos), from the environment it was started with. */
  port: number | null
}

/** Which dyno a container is, for adoption: its release and its name (`web.1`). */
export const adoptionKey = (releaseId: string, dynoName: string) => `${releaseId}:${dynoName}`

/**
 * The containers a killed server left: running ones, by adoption key, to be attached to again when
 * the formation asks for the same dyno of the same release; the rest (exited, unreadable) removed.
 */
export async function findLeftovers(engine: DockerEngine, serverTag: string, networkName: string): Promise<Map<string, RunningContainer>> {
  const listed = await engine.check(['ps', '--all', '--quiet', '--filter', `label=${LABELS.server}=${serverTag}`], 'could not list containers')
  const ids = listed.split('\n').filter(Boolean)
  const running = new Map<string, RunningContainer>()
  if (ids.length === 0) return running
  const format = `{{.Name}}\t{{.State.Running}}\t{{index .Config.Labels "${LABELS.dyno}"}}\t{{with index .NetworkSettings.Networks "${networkName}"}}{{.IPAddress}}{{end}}\t{{json .Config.Env}}`
  const inspected = await engine.check(['inspect', '--format', format, ...ids], 'could not inspect leftover containers')
  const doomed: string[] = []
  for (const line of inspected.split('\n').filter(Boolean)) {
    const [rawName = '', isRunning, marker = '', address = '', env = '[]'] = line.split('\t')
    const name = rawName.replace(/^\//, '')
    // A marker is `<releaseId>:<dyno name>:<dyno id>` (dynoMarker).
    const [releaseId, dynoName] = marker.split(':')
    if (isRunning !== 'true' || !releaseId || !dynoName || !address) {
      doomed.push(name)
      continue
    }
    const portVar = (JSON.parse(env) as string[]).find((entry) => entry.startsWith('PORT='))
    running.set(adoptionKey(releaseId, dynoName), { name, address, port: portVar ? Number(portVar.slice(5)) : null })
  }
  if (doomed.length > 0) await engine.run(['rm', '--force', ...doomed])
  return running
}

/** `docker attach` to an adopted container: its output is the dyno's log again, its exit the dyno's, and a SIGTERM reaches it. */
export function attachArgs(name: string): string[] {
  return ['attach', '--no-stdin', '--sig-proxy=true', name]
}
