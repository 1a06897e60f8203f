import type { App } from '../../core/apps/app.js'
import type { Collaborator } from '../../core/accounts/collaborator.js'
import { timestamp } from './timestamp.js'

export function serializeCollaborator(collaborator: Collaborator, app: Pick<App, 'id' | 'name'>) {
  return {
    app: { id: app.id, name: app.name },
    created_at: timestamp(collaborator.createdAt),
    id: collaborator.id,
    permissions: [],
    role: collaborator.role,
    updated_at: timestamp(collaborator.updatedAt),
    user: { email: collaborator.account.email, federated: false, id: collaborator.account.id },
  }
}
