import { ALIASES, COMMANDS } from './commands.js'
import { APP_FLAGS, type Command } from './command.js'
import { CliError } from './cli-error.js'
import { createContext } from './context.js'
import { parseArgv } from './parse-argv.js'
import { closePrompt } from './prompt.js'

function usage(id: string, command: Command): string {
  const args = (command.args ?? []).map((a) => (a.required ? a.name.toUpperCase() : `[${a.name.toUpperCase()}]`)).join(' ')
  const flags = Object.entries({ ...(command.app ? APP_FLAGS : {}), ...command.flags }).map(([name, spec]) => {
    const label = `${spec.char ? `-${spec.char}, ` : '    '}--${spec.allowNo ? `[no-]${name}` : name}${spec.type === 'string' ? ` ${name.toUpperCase()}` : ''}`
    return `  ${label.padEnd(28)} ${spec.description}`
  })
  return [`${command.summary}`, '', `Usage: berth ${id}${args ? ` ${args}` : ''}${command.variadic ? ' …' : ''}`, ...(flags.length ? ['', 'Flags:', ...flags] : [])].join('\n')
}

async function help(topic: string | undefined): Promise<string> {
  const id = topic && (ALIASES[topic] ?? topic)
  if (id && COMMANDS[id]) return usage(id, (await COMMANDS[id]()).default)
  const commands = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(18)} ${(await load()).default.summary}`))
  return ['Usage: berth COMMAND [flags]', '', 'Commands:', '  server             start the Berth server (see docs/config.md)', ...commands, '', 'berth help COMMAND shows its flags.'].join('\n')
}

/** Runs one `berth` command; returns the exit code. API errors print as the API gave them, with their id. */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<number> {
  const [name, ...rest] = argv
  try {
    if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
      process.stdout.write(`${await help(rest[0])}\n`)
      return name === undefined ? 1 : 0
    }
    const id = ALIASES[name] ?? name
    const load = COMMANDS[id]
    if (!load) throw new CliError(`${name} is not a berth command. See berth help.`)
    const command = (await load()).default
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${usage(id, command)}\n`)
      return 0
    }
    const input = parseArgv(command, rest)
    await command.run(await createContext(env, cwd), input)
    return 0
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    const lines = error.message.split('\n').map((line) => ` ▸    ${line}`)
    if (error.details.id) lines.push(` ▸    Error ID: ${error.details.id}`)
    process.stderr.write(`${lines.join('\n')}\n`)
    return error.details.exitCode ?? 1
  } finally {
    closePrompt()
  }
}
