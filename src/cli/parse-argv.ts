import { APP_FLAGS, type Command, type FlagSpec } from './command.js'
import { CliError } from './cli-error.js'
import { type ParsedInput } from './parsed-input.js'

/** Reads argv against a command's flags and arguments, as oclif does for the Heroku CLI. */
export function parseArgv(command: Pick<Command, 'args' | 'flags' | 'variadic' | 'app' | 'passThrough'>, argv: readonly string[]): ParsedInput {
  const specs: Record<string, FlagSpec> = { ...(command.app ? APP_FLAGS : {}), ...command.flags }
  const byChar = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.char ? [[spec.char, name] as const] : [])))
  const flags: ParsedInput['flags'] = {}
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!
    if (token === '--') {
      args.push(...argv.slice(i + 1))
      break
    }
    // `run cmd -x` passes everything from the command on through untouched: flags go before it.
    if (command.passThrough && args.length > 0) {
      args.push(...argv.slice(i))
      break
    }
    const long = /^--([^=]+)(?:=(.*))?$/.exec(token)
    const short = /^-([A-Za-z])(.*)$/.exec(token)
    if (!long && !short) {
      args.push(token)
      continue
    }
    let name = long ? long[1]! : byChar.get(short![1]!)
    let inline = long ? long[2] : short![2] || undefined
    let negated = false
    if (long && name!.startsWith('no-') && specs[name!.slice(3)]?.allowNo) {
      name = name!.slice(3)
      negated = true
    }
    const spec = name === undefined ? undefined : specs[name]
    if (!spec || name === undefined) throw new CliError(`Unexpected flag ${token}. See berth help.`)
    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new CliError(`--${name} takes no value.`)
      flags[name] = !negated
    } else {
      inline ??= argv[++i]
      if (inline === undefined) throw new CliError(`--${name} needs a value.`)
      flags[name] = inline
    }
  }
  const expected = command.args ?? []
  const missing = expected.filter((a, index) => a.required && args[index] === undefined)
  if (missing.length > 0) throw new CliError(`Missing required argument: ${missing.map((a) => a.name).join(', ')}.`)
  if (!command.variadic && args.length > expected.length) throw new CliError(`Unexpected argument: ${args[expected.length]}.`)
  return { args, flags }
}
