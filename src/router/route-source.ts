/** One web dyno the router may send requests to. */
export interface Backend {
  dynoName: string
  port: number
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
  state: RouteState
  backends: Backend[]
}

/** The router's only view of the platform: routes by host, and a nudge when they change. */
export interface RouteSource {
  lookup(host: string): AppRoute | null
  onChange(listener: () => void): () => void
}
