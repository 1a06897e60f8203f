import type { LogSink } from '../logs/log-sink.js'

/** An `app[api]` line about a release or a dyno, such as `Release v3 failed: …`. */
export function logApiEvent(logs: LogSink, appId: string, message: string, releaseVersion: number): void {
  logs.write({ appId, source: 'app', process: 'api', message, releaseVersion })
}
