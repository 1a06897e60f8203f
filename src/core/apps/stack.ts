import { PlatformError } from '../errors/platform-error.js'
import { DEFAULT_STACK } from './app.js'

/**
 * A stack as Heroku names it. On Berth every stack builds and runs on this machine's host-based
 * runtime: `berth-24` is its own name, and Heroku's names are kept so builds that check `STACK`
 * (third-party classic buildpacks) see the one they expect.
 */
export interface Stack {
  id: string
  name: string
  state: 'active'
  isDefault: boolean
}

// Heroku compat: `apps:create --stack heroku-24` and `stack:set heroku-22` send Heroku's names.
// Fixed ids, so clients may compare them across installations.
export const STACKS: readonly Stack[] = [
  { id: '6b8f5e1a-0c3d-4b8e-9a0e-2f6c3b0d4e51', name: DEFAULT_STACK, state: 'active', isDefault: true },
  { id: '6b8f5e1a-0c3d-4b8e-9a0e-2f6c3b0d4e22', name: 'heroku-22', state: 'active', isDefault: false },
  { id: '6b8f5e1a-0c3d-4b8e-9a0e-2f6c3b0d4e24', name: 'heroku-24', state: 'active', isDefault: false },
]

/** The stack a request names (by name or id); unknown ones get 422 listing the stacks. */
export function parseStack(input: string): Stack {
  const wanted = input.trim().toLowerCase()
  const stack = STACKS.find((s) => s.name === wanted || s.id === wanted)
  if (!stack) throw new PlatformError('invalid_params', `Stack not found: ${input}. Available stacks: ${STACKS.map((s) => s.name).join(', ')}.`)
  return stack
}

/** How a build's first line names its stack: `Heroku-24` as Heroku prints it, and `Berth` for Berth's own. */
export function stackTitle(name: string): string {
  return name === DEFAULT_STACK ? 'Berth' : name.charAt(0).toUpperCase() + name.slice(1)
}

/** The stack an app's stored name stands for; a name no longer offered still shows, with a stable id. */
export function stackOf(name: string): Stack {
  return STACKS.find((s) => s.name === name) ?? { id: STACKS[0]!.id, name, state: 'active', isDefault: false }
}
