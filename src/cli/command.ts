import type { CliContext } from './context.js'
import type { ParsedInput } from './parsed-input.js'

export interface FlagSpec {
  char?: string
  /** `string` takes a value; `boolean` does not. */
  type: 'string' | 'boolean'
  description: string
  /** A boolean flag that also accepts `--no-<name>` (true by default). */
  allowNo?: boolean
}

export interface ArgSpec {
  name: string
  required?: boolean
}

/** One `berth` command: its arguments and flags as data, and what it does. */
export interface Command {
  summary: string
  args?: ArgSpec[]
  /** Takes any number of further arguments (`config:set A=1 B=2`, `run cmd …`). */
  variadic?: boolean
  /** After the first argument, everything is an argument (`run ls -la`). */
  passThrough?: boolean
  flags?: Record<string, FlagSpec>
  /** Adds `-a/--app` and `-r/--remote`, and makes `ctx.app()` work. */
  app?: boolean
  run(ctx: CliContext, input: ParsedInput): Promise<void>
}

export const APP_FLAGS: Record<string, FlagSpec> = {
  app: { char: 'a', type: 'string', description: 'the app to act on' },
  remote: { char: 'r', type: 'string', description: 'the git remote whose app to act on' },
}

export const JSON_FLAG: Record<string, FlagSpec> = { json: { type: 'boolean', description: 'print JSON' } }
