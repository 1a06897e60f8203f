import type { Logger } from 'pino'

/**
 * What may be logged of an error that escaped every handler. Node embeds the offending value
 * in some messages (`… Received 'the config var value'`), and drivers embed URLs with their
 * credentials, so both are cut before anything is written.
 */
export function describeEscapedError(error: unknown): { type: string; code?: string; message: string; stack?: string } {
  const redact = (text: string) => text
    .replace(/\bReceived\b[\s\S]*?(?=\n\s+at |$)/g, 'Received [redacted]')
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1[redacted]@')
  if (!(error instanceof Error)) return { type: typeof error, message: '[a thrown non-Error value, not logged]' }
  const code = (error as { code?: unknown }).code
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: redact(error.message),
    ...(error.stack === undefined ? {} : { stack: redact(error.stack) }),
  }
}

/**
 * Keeps `berth server` serving when a promise rejects with no handler or an exception escapes
 * every handler: one bad request must not take down the API, the router and every app. The
 * error is logged (redacted) and the process goes on; it never exits from here. Returns the
 * remover, for tests.
 */
export function installProcessGuard(logger: Pick<Logger, 'error'>): () => void {
  const onRejection = (reason: unknown) => logger.error({ escaped: describeEscapedError(reason) }, 'unhandled promise rejection (Berth keeps serving)')
  const onException = (error: unknown) => logger.error({ escaped: describeEscapedError(error) }, 'uncaught exception (Berth keeps serving)')
  process.on('unhandledRejection', onRejection)
  process.on('uncaughtException', onException)
  return () => {
    process.off('unhandledRejection', onRejection)
    process.off('uncaughtException', onException)
  }
}
