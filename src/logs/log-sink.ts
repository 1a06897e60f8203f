/** One log line as Logplex models it: `app[api]`, `heroku[router]`, `app[web.1]`… */
export interface LogLine {
  appId: string
  source: 'app' | 'heroku'
  /** The dyno or process: `api`, `router`, `web.1`, `release.1234`. */
  process: string
  message: string
  /** The release the line came from, when known. */
  releaseVersion: number | null
}

/** Where components emit log lines; the log bus implements it. Never blocks the caller. */
export interface LogSink {
  write(line: LogLine): void
}
