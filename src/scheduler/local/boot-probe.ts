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

const FIRST_PROBE_MS = 10
const EARLY_MS = 2000
const PROBE_EARLY_MS = 10
const PROBE_LATER_MS = 50
/** Connects a millisecond all early probes in this process share (the router's, too). */
const EARLY_PROBES_PER_MS = 0.5

/** Boot probes under way in this process. */
let probing = 0

/**
 * When to probe again. A dyno usually binds within its first two seconds: probed often then, as
 * the switch waits on it, but no more than EARLY_PROBES_PER_MS for all dynos booting at once (a
 * scale to a hundred), since the router shares this process; every 50 ms after, for a slow boot,
 * and once it listens, for the app's health check (a request the app serves, and may log).
 */
export function nextProbeMs(state: 'unhealthy' | 'down', elapsedMs: number, probes: number): number {
  if (state !== 'down' || elapsedMs >= EARLY_MS) return PROBE_LATER_MS
  return Math.min(PROBE_LATER_MS, Math.max(PROBE_EARLY_MS, probes / EARLY_PROBES_PER_MS))
}

/**
 * Probes a booting web dyno until it answers (`up`) or `timeoutMs` has passed since the start
 * (`timedOut`: Heroku's R10). `cancel` stops it when the dyno exits or is being stopped.
 */
export function probeBoot(target: BootTarget, timeoutMs: number, outcome: { up(): void; timedOut(): void }): { cancel(): void } {
  const started = Date.now()
  let done = false
  let timer: NodeJS.Timeout | undefined
  probing++
  const finish = () => {
    if (done) return
    done = true
    probing--
    clearTimeout(timer)
  }
  // `answers` never rejects: a probe that cannot connect is a dyno not up yet.
  const probe = () => answers(target).then((state) => {
    if (done) return
    if (state === 'up') {
      finish()
      return outcome.up()
    }
    if (Date.now() - started > timeoutMs) {
      finish()
      return outcome.timedOut()
    }
    timer = setTimeout(probe, nextProbeMs(state, Date.now() - started, probing))
  })
  timer = setTimeout(probe, FIRST_PROBE_MS)
  return { cancel: finish }
}
