import type { IncomingMessage } from 'node:http'
import { pathToFileURL } from 'node:url'
import { demultiplex, EngineApi, EngineApiError } from '../docker/engine-api.js'
import { ENDED_TASK_STATES, latestTask, nodeIsDown } from './swarm-tasks.js'

/**
 * The process Berth supervises for a dyno that is a Swarm service (ADR 0012), so the scheduler's
 * dyno lifecycle stays the one of local dynos: its output is the service's log stream, and it
 * exits with the task's exit status once the task has ended. SIGTERM scales the service to zero,
 * which stops the task gracefully (SIGTERM, SIGKILL after the stop timeout) wherever it runs.
 *
 * Usage: follow-service <engine socket> <service id> <logs since, unix seconds>
 */

async function scaleToZero(api: EngineApi, serviceId: string): Promise<void> {
  const service = await api.json<{ Version: { Index: number }; Spec: { Mode: { Replicated?: { Replicas: number } } } }>('GET', `/services/${serviceId}`)
  const spec = { ...service.Spec, Mode: { Replicated: { Replicas: 0 } } }
  await api.json('POST', `/services/${serviceId}/update?version=${service.Version.Index}`, spec)
}

/**
 * Writes log lines (`<RFC 3339 time> <text>`) without their times to stdout or stderr, once each:
 * a line no later than the last one written is one the catch-up read again.
 */
class LogLines {
  #last = ''
  readonly #partial = { stdout: '', stderr: '' }

  write(stream: 'stdout' | 'stderr', payload: Buffer): void {
    const text = this.#partial[stream] + payload.toString('utf8')
    const complete = text.split('\n')
    this.#partial[stream] = complete.pop() ?? ''
    for (const line of complete) {
      const space = line.indexOf(' ')
      const at = sortableTime(line.slice(0, space))
      if (at === null) continue
      if (at <= this.#last) continue
      this.#last = at
      ;(stream === 'stderr' ? process.stderr : process.stdout).write(`${line.slice(space + 1)}\n`)
    }
  }

  /** The whole second of the last line written, for `since`. */
  lastSeconds(): string | null {
    return this.#last ? String(Number(this.#last.slice(0, -9))) : null
  }
}

/** An RFC 3339 time with nanoseconds as digits that sort as the times do (seconds, then 9 digits of fraction). */
function sortableTime(text: string): string | null {
  const match = /^(.+?)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(text)
  const seconds = match ? Date.parse(`${match[1]}${match[3]}`) / 1000 : NaN
  if (!match || !Number.isInteger(seconds)) return null
  return `${String(seconds).padStart(12, '0')}${(match[2] ?? '').padEnd(9, '0')}`
}

/** How long the manager may fail to answer (a leader election, a restarting engine) before the dyno counts as lost. */
const PATIENCE_MS = Number(process.env.BERTH_FOLLOW_PATIENCE_MS) || 30_000

/**
 * The service's log stream, followed from `since` and opened again from the last line written
 * whenever it ends before the task does (an engine restart, a manager failing over): a line read
 * twice is written once.
 */
class FollowedLogs {
  #stream: IncomingMessage | null = null
  #stopped = false
  #timer: NodeJS.Timeout | undefined

  constructor(private readonly api: EngineApi, private readonly logPath: string, private readonly since: string, private readonly lines: LogLines) {
    this.#open()
  }

  stop(): void {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#stream?.destroy()
  }

  #open(): void {
    this.api.open('GET', `${this.logPath}&follow=1&since=${this.lines.lastSeconds() ?? this.since}`).then((stream) => {
      if (this.#stopped) return stream.destroy()
      this.#stream = stream
      stream.on('data', demultiplex((kind, payload) => this.lines.write(kind, payload)))
      stream.on('error', () => {})
      stream.once('close', () => this.#again())
    }, () => this.#again())
  }

  #again(): void {
    if (!this.#stopped) this.#timer = setTimeout(() => this.#open(), 1000)
  }
}

async function follow(socketPath: string, serviceId: string, since: string): Promise<number> {
  const api = new EngineApi(socketPath)
  let stopping = false
  process.on('SIGTERM', () => {
    stopping = true
    // A service already gone has nothing left to stop.
    scaleToZero(api, serviceId).catch(() => {})
  })
  const lines = new LogLines()
  const logPath = `/services/${serviceId}/logs?stdout=1&stderr=1&timestamps=1`
  const logs = new FollowedLogs(api, logPath, since, lines)
  // Swarm's followed logs lag a second or more; once the task has ended, what is left is read whole.
  // (Not from a node that is gone: nothing would answer. Nor for longer than 5 s.)
  const end = async (code: number, readRest = true) => {
    logs.stop()
    const rest = readRest ? await api.open('GET', `${logPath}&since=${lines.lastSeconds() ?? since}`).catch(() => null) : null
    if (rest) {
      rest.on('data', demultiplex((stream, payload) => lines.write(stream, payload)))
      const timer = setTimeout(() => rest.destroy(), 5000)
      await new Promise((resolve) => { rest.on('end', resolve); rest.on('close', resolve); rest.on('error', resolve) })
      clearTimeout(timer)
    }
    return code
  }
  let checkedNodeAt = 0
  let failingSince: number | null = null
  for (;;) {
    try {
      const task = await latestTask(api, serviceId).catch((error: unknown) => {
        if (error instanceof EngineApiError && error.status === 404) return 'gone' as const
        throw error
      })
      if (task === 'gone') return end(stopping ? 143 : 1)
      if (task && ENDED_TASK_STATES.has(task.Status.State)) {
        return end(task.Status.ContainerStatus?.ExitCode ?? (stopping ? 143 : 1))
      }
      if (task?.NodeID && Date.now() - checkedNodeAt > 1000) {
        // Its node is gone: the task will never report again. The scheduler starts the dyno anew.
        if (await nodeIsDown(api, task.NodeID)) return end(1, false)
        checkedNodeAt = Date.now()
      }
      failingSince = null
    } catch (error) {
      // The manager did not answer: asked again until it has failed for PATIENCE_MS.
      failingSince ??= Date.now()
      if (Date.now() - failingSince >= PATIENCE_MS) {
        logs.stop()
        throw new Error(`the Swarm manager has not answered for ${Math.round(PATIENCE_MS / 1000)} s: ${(error as Error).message}`)
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

const [socketPath, serviceId, since = '0'] = process.argv.slice(2)
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href && socketPath && serviceId) {
  // No process.exit: the last log lines may still be on their way down the pipe to Berth.
  follow(socketPath, serviceId, since).then(
    (code) => { process.exitCode = code },
    (error: Error) => {
      process.stderr.write(`could not follow the dyno's service: ${error.message}\n`)
      process.exitCode = 1
    },
  )
}
