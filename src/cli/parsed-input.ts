/** A command line after parsing: positional arguments, and flags by name. */
export interface ParsedInput {
  args: string[]
  flags: Record<string, string | boolean | undefined>
}

export function stringFlag(input: ParsedInput, name: string): string | undefined {
  const value = input.flags[name]
  return typeof value === 'string' ? value : undefined
}
