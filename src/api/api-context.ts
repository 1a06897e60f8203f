import type { Services } from '../services/index.js'
import type { BuildOutputs } from '../build/build-outputs.js'
import type { LogReader } from '../logs/log-stream.js'
import type { OpenStreams } from './open-streams.js'

/** Where users reach an app: the API (git) and the router (web). */
export interface ApiUrls {
  /** The API's public base URL, e.g. `http://127.0.0.1:5000`. */
  apiUrl: string
  /** The router's domain (`localhost` gives `http://<app>.localhost:8080/`). */
  domain: string
  routerPort: number
}

/** What the Fastify edge is handed by main/. */
export interface ApiContext {
  services: Services
  urls: ApiUrls
  /** Requests per account per hour; 0 disables limiting. */
  rateLimitPerHour: number
  maxBodyBytes: number
  /** Largest upload to a raw-body route (sources, slug archives). */
  maxUploadBytes: number
  /** Where build output is followed from (the builds' `output_stream_url`). */
  buildOutputs: Pick<BuildOutputs, 'follow'>
  /** Release-phase output, for releases' `output_stream_url`. */
  releaseOutputs: Pick<BuildOutputs, 'follow' | 'exists'>
  /** Long responses (tails, outputs), ended on revocation and at shutdown. */
  streams: OpenStreams
  /** The log bus, read by log sessions. */
  logs: LogReader
  /** Where the built dashboard (index.html and its assets) is; null serves none. */
  dashboardDir: string | null
}

export function webUrl(urls: ApiUrls, appName: string): string {
  const port = urls.routerPort === 80 ? '' : `:${urls.routerPort}`
  return `http://${appName}.${urls.domain}${port}/`
}

// Heroku compat: the official CLI writes `https://<host:port of HEROKU_HOST>/<app>.git` whatever
// HEROKU_HOST's scheme, and recognises only such remotes; Berth serves TLS on the API port for it.
export function gitUrl(urls: ApiUrls, appName: string): string {
  const api = new URL(urls.apiUrl)
  return `https://${api.host}${api.pathname.replace(/\/$/, '')}/${appName}.git`
}
