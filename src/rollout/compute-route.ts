import { endpoint, type AppRoute } from '../router/route-source.js'
import type { Dyno, DynoSpec } from '../scheduler/scheduler.js'

export interface AppInfo {
  id: string
  name: string
  maintenance: boolean
}

/** Whether a running dyno is the one a spec describes (same release, generation and name). */
export const sameDyno = (spec: DynoSpec, dyno: Dyno) =>
  spec.releaseId === dyno.releaseId && spec.name === dyno.name && (spec.generation ?? 0) === dyno.generation

/**
 * What the router should do for an app: send requests to the serving
 * generation's up web dynos, or say why it cannot (nothing deployed, no web
 * dynos, all crashed, or still booting).
 */
export function computeRoute(app: AppInfo, serving: readonly DynoSpec[] | null, dynos: readonly Dyno[]): AppRoute {
  const web = serving?.filter((spec) => spec.type === 'web') ?? []
  // The app asks for HTTPS only through its config (the serving release's).
  const forceHttps = web[0]?.env.BERTH_FORCE_HTTPS === 'true' ? { forceHttps: true } : {}
  const release = web[0] ? { releaseVersion: web[0].releaseVersion } : {}
  const base = { appId: app.id, appName: app.name, maintenance: app.maintenance, ...forceHttps, ...release, backends: [] }
  if (serving === null) return { ...base, state: 'not-deployed' }
  if (web.length === 0) return { ...base, state: 'no-web' }
  const mine = dynos.filter((dyno) => web.some((spec) => sameDyno(spec, dyno)))
  const backends = mine.filter((d) => d.state === 'up' && d.port !== null).map((d) => ({ dynoName: d.name, releaseVersion: d.releaseVersion, ...endpoint(d.host, d.port!) }))
  if (backends.length > 0) return { ...base, state: 'serving', backends }
  return { ...base, state: mine.length > 0 && mine.every((d) => d.state === 'crashed') ? 'crashed' : 'booting' }
}
