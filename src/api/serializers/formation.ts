import type { App } from '../../core/apps/app.js'
import type { Formation } from '../../core/formation/formation.js'
import { timestamp } from './timestamp.js'

/** Heroku's Formation shape (`size` is the legacy name the CLI reads). */
export function serializeFormation(formation: Formation, app: Pick<App, 'id' | 'name'>) {
  return {
    app: { id: app.id, name: app.name },
    command: formation.command,
    created_at: timestamp(formation.createdAt),
    dyno_size: { id: null, name: formation.size },
    id: formation.id,
    quantity: formation.quantity,
    size: formation.size,
    type: formation.type,
    updated_at: timestamp(formation.updatedAt),
  }
}
