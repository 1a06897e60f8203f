/** Where a dyno listens. */
export interface Endpoint {
  host: string
  port: number
  /** `host:port`: what the router counts requests in flight and pools connections by. */
  key: string
}

export function endpoint(host: string, port: number): Endpoint {
  return { host, port, key: `${host}:${port}` }
}

/** One web dyno the router may send requests to. */
export interface Backend extends Endpoint {
  dynoName: string
  /** The release the dyno runs (what its requests count toward). */
  releaseVersion?: number
}

/**
 * What the router knows of an app: `serving` has backends; the others say why
 * not (Heroku codes H81, H14, H10, or queue while `booting`).
 */
export type RouteState = 'serving' | 'not-deployed' | 'no-web' | 'crashed' | 'booting'

export interface AppRoute {
  appId: string
  appName: string
  maintenance: boolean
  /** The serving release asks for HTTPS only (config var `BERTH_FORCE_HTTPS=true`): plain HTTP gets a 308. */
  forceHttps?: boolean
  state: RouteState
  backends: Backend[]
  /** The serving release, when there is one: what requests that reach no dyno count toward. */
  releaseVersion?: number
}

/** The router's only view of the platform: routes by host, and a nudge when they change. */
export interface RouteSource {
  lookup(host: string): AppRoute | null
  onChange(listener: () => void): () => void
}
