import type { BufferedLine } from './log-buffer.js'

/** What a log session asks for; carried (signed) in its logplex_url. */
export interface LogSessionFilter {
  appId: string
  lines: number
  tail: boolean
  source: string | null
  dyno: string | null
  release: number | null
  expiresAt: number
}

/** Heroku compat: `dyno` is a prefix (`web` matches `web.1`); `source` is exact; `release` is Berth's. */
export function matchesSession(session: LogSessionFilter): (line: BufferedLine) => boolean {
  return (line) => (session.source === null || line.source === session.source)
    && (session.dyno === null || line.process.startsWith(session.dyno))
    && (session.release === null || line.releaseVersion === session.release)
}
