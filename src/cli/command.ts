import type { CliContext } from './context.js'

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

export interface ParsedInput {
  args: string[]
  flags: Record<string, string | boolean | undefined>
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

/** A failure to report to the user: the message as is, then exit non-zero. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly details: { id?: string; exitCode?: number } = {},
  ) {
    super(message)
  }
}

export const APP_FLAGS: Record<string, FlagSpec> = {
  app: { char: 'a', type: 'string', description: 'the app to act on' },
  remote: { char: 'r', type: 'string', description: 'the git remote whose app to act on' },
}

export const JSON_FLAG: Record<string, FlagSpec> = { json: { type: 'boolean', description: 'print JSON' } }

export function stringFlag(input: ParsedInput, name: string): string | undefined {
  const value = input.flags[name]
  return typeof value === 'string' ? value : undefined
}
