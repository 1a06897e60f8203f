import type { Server } from 'node:http'
import type { Logger } from 'pino'

/** What `berth server` holds open, as shutdown sees it. */
export interface RunningParts {
  /** Timers and background senders (reconcile, add-on sweep, drains): stopped first. */
  background: (() => void)[]
  /** Ends log tails, output streams and pushes at once, each with a last word where it has one. */
  endStreams(): void
  /** The API: `close` stops listening and resolves once every connection is gone. */
  api: { close(): Promise<void>; server: Server }
  /** Destroys the connections the API port took over TLS. */
  closeTls(): void
  /** The router, both ports: `stopListening` closes idle connections and waits for busy ones; `close` destroys every one (and its pool of connections to dynos). */
  router: { stopListening(): Promise<void>; close(): Promise<void> }
  /** SIGTERM to every dyno, SIGKILL after the stop timeout. */
  scheduler: { shutdown(): Promise<void> }
  rendezvous: { close(): Promise<void> }
  store: { close(): Promise<void> }
}

export interface StopOptions {
  /** How long requests in flight (through the API or the router) may take to finish. */
  graceMs: number
  /** The longest shutdown may take; past it, what is still open is logged and left to the process's exit. */
  deadlineMs: number
  logger: Pick<Logger, 'warn'>
}

/**
 * Stops `berth server` within the dyno stop timeout: nothing new is accepted, streams end at once,
 * idle connections close at once and busy ones after the grace period, while every dyno gets its
 * SIGTERM (and SIGKILL at the stop timeout) in parallel. Each part is waited for at most until the
 * deadline, so no stuck connection can hold the ports, as a keep-alive or a tail once did for minutes.
 */
export async function stopServer(parts: RunningParts, options: StopOptions): Promise<void> {
  for (const stop of parts.background) stop()
  parts.endStreams()
  const api = parts.api.close()
  // The router stops listening and drops idle connections now; requests in flight get the grace period.
  const router = parts.router.stopListening()
  const grace = setTimeout(() => {
    parts.api.server.closeAllConnections()
    parts.closeTls()
    parts.router.close().catch((error: unknown) => options.logger.warn({ err: error }, 'could not close the router'))
  }, options.graceMs)
  const pending = new Map<string, Promise<unknown>>([
    ['api', api], ['router', router], ['dynos', parts.scheduler.shutdown()], ['rendezvous', parts.rendezvous.close()],
  ])
  // Whatever failed, the part is no longer open: pending names what still is, for the warning.
  for (const [name, done] of pending) done.finally(() => pending.delete(name)).catch(() => undefined)
  const finished = await withDeadline(Promise.allSettled([...pending.values()]), options.deadlineMs)
  clearTimeout(grace)
  if (!finished) options.logger.warn({ stillOpen: [...pending.keys()] }, 'shutdown deadline passed; exiting anyway')
  await withDeadline(parts.store.close(), 1000)
}

/** Resolves true when `work` settles first, false when `ms` passes first. */
function withDeadline(work: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    timer.unref()
    const settled = () => {
      clearTimeout(timer)
      resolve(true)
    }
    work.then(settled, settled)
  })
}
