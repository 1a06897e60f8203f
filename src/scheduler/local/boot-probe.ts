import { request } from 'node:http'
import { accepts } from './free-port.js'

/** Where a booting web dyno should answer, and what it must answer. */
export interface BootTarget {
  host: string
  port: number
  healthCheckPath: string | null
}

const CONNECT_TIMEOUT_MS = 100

/**
 * `up`: it accepts connections on `$PORT` and, if the app set a health check path, answers it with
 * a non-5xx; `unhealthy`: it accepts them but its health check fails; `down`: it does not accept them.
 */
export async function answers(target: BootTarget): Promise<'up' | 'unhealthy' | 'down'> {
  // A listener answers at once, or refuses at once; only an address not up yet (a container still
  // starting) stays silent, and waiting on it would delay the next probe.
  if (!(await accepts(target.port, target.host, CONNECT_TIMEOUT_MS))) return 'down'
  if (!target.healthCheckPath) return 'up'
  return new Promise((resolve) => {
    const req = request({ host: target.host, port: target.port, path: target.healthCheckPath, timeout: 2000 }, (res) => {
      res.resume()
      resolve((res.statusCode ?? 500) < 500 ? 'up' : 'unhealthy')
    })
    req.on('error', () => resolve('unhealthy'))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

// A dyno usually binds within its first two seconds: probed often then (a refused connect costs
// little), as the switch waits on it; less often after, for a slow boot or many dynos at once, and
// once it listens, for the app's health check (a request the app serves, and may log).
const FIRST_PROBE_MS = 10
const EARLY_MS = 2000
const PROBE_EARLY_MS = 10
const PROBE_LATER_MS = 50

/**
 * Probes a booting web dyno until it answers (`up`) or `timeoutMs` has passed since the start
 * (`timedOut`: Heroku's R10). `cancel` stops it when the dyno exits or is being stopped.
 */
export function probeBoot(target: BootTarget, timeoutMs: number, outcome: { up(): void; timedOut(): void }): { cancel(): void } {
  const started = Date.now()
  let cancelled = false
  let timer: NodeJS.Timeout | undefined
  // `answers` never rejects: a probe that cannot connect is a dyno not up yet.
  const probe = () => answers(target).then((state) => {
    if (cancelled) return
    if (state === 'up') return outcome.up()
    if (Date.now() - started > timeoutMs) return outcome.timedOut()
    timer = setTimeout(probe, state === 'down' && Date.now() - started < EARLY_MS ? PROBE_EARLY_MS : PROBE_LATER_MS)
  })
  timer = setTimeout(probe, FIRST_PROBE_MS)
  return {
    cancel() {
      cancelled = true
      clearTimeout(timer)
    },
  }
}
