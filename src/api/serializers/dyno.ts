import { hostname } from 'node:os'
import type { App } from '../../core/apps/app.js'
import type { Dyno } from '../../scheduler/scheduler.js'
import { timestamp } from './timestamp.js'

/**
 * Heroku's Dyno shape; `updated_at` is the time of the last state change, which `heroku ps` shows.
 * With `extended` (`heroku ps --extended`), where it runs: its machine (`instance`: a Swarm node's
 * hostname, or this machine's) and the address and port the router reaches it at.
 */
export function serializeDyno(dyno: Dyno, app: Pick<App, 'id' | 'name'>, attachUrl: string | null = null, extended = false) {
  return {
    ...(extended ? { extended: { instance: dyno.node ?? hostname(), ip: dyno.host, port: dyno.port, region: null, execution_plane: null, fleet: null, az: null, route: null } } : {}),
    app: { id: app.id, name: app.name },
    attach_url: attachUrl,
    command: dyno.command,
    created_at: timestamp(dyno.createdAt),
    id: dyno.id,
    name: dyno.name,
    release: { id: dyno.releaseId, version: dyno.releaseVersion },
    size: dyno.size,
    state: dyno.state,
    type: dyno.type,
    updated_at: timestamp(dyno.updatedAt),
  }
}
