import type { Stack } from '../../core/apps/stack.js'

const CREATED_AT = '2024-05-01T00:00:00Z'

/** Heroku's Stack shape. Every stack runs on this Berth installation's host-based runtime. */
export function serializeStack(stack: Stack) {
  return {
    created_at: CREATED_AT,
    default: stack.isDefault,
    id: stack.id,
    name: stack.name,
    state: stack.state,
    updated_at: CREATED_AT,
  }
}
