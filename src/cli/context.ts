import { ApiClient } from './api-client.js'
import { CliError } from './cli-error.js'
import { stringFlag, type ParsedInput } from './parsed-input.js'
import { createStyle, type Style } from './format.js'
import { parseNetrc, readNetrc } from './netrc.js'
import { prompt } from './prompt.js'
import { resolveApp } from './resolve-app.js'

export const DEFAULT_API_URL = 'http://127.0.0.1:5000'
const FRAMES = ['⣾', '⣽', '⣻', '⢿', '⡿', '⣟', '⣯', '⣷']

/** Everything a command may use: where the API is, as whom, and how to talk to the user. */
export interface CliContext {
  env: NodeJS.ProcessEnv
  cwd: string
  now(): Date
  apiUrl: string
  api: ApiClient
  /** The token in use: BERTH_API_KEY, else the one `berth login` stored. */
  token(): string
  style: Style
  /** Whether stderr is a terminal: spinners and prompts. */
  interactive: boolean
  out(text?: string): void
  json(value: unknown): void
  warn(text: string): void
  app(input: ParsedInput): Promise<string>
  /** `text... done` around the work, with a spinner on a terminal. */
  action<T>(text: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T>
  /** Destructive commands: `--confirm APP`, or typing the app's name on a terminal. */
  confirm(app: string, given: string | undefined, what: string): Promise<void>
  prompt(question: string, options?: { hidden?: boolean }): Promise<string>
}

export async function createContext(env: NodeJS.ProcessEnv, cwd: string): Promise<CliContext> {
  const apiUrl = (env.BERTH_API_URL || DEFAULT_API_URL).replace(/\/+$/, '')
  const stored = parseNetrc(await readNetrc(env)).find((e) => e.machine === new URL(apiUrl).hostname)?.password
  const token = () => {
    const key = env.BERTH_API_KEY || stored
    if (!key) throw new CliError('Not logged in. Run `berth login`, or set BERTH_API_KEY.')
    return key
  }
  const interactive = Boolean(process.stderr.isTTY)
  const color = Boolean(process.stdout.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb'
  const ctx: CliContext = {
    env, cwd, apiUrl, token, interactive,
    now: () => new Date(),
    api: new ApiClient(apiUrl, token),
    style: createStyle(color),
    out: (text = '') => void process.stdout.write(`${text}\n`),
    json: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    warn: (text) => void process.stderr.write(`${createStyle(Boolean(process.stderr.isTTY) && !env.NO_COLOR).yellow(' ▸')}    ${text}\n`),
    app: (input) => resolveApp({ app: stringFlag(input, 'app'), remote: stringFlag(input, 'remote'), env, cwd, apiUrl }),
    action: (text, work, done) => runAction(interactive, text, work, done),
    prompt,
    async confirm(app, given, what) {
      if (given === app) return
      if (given !== undefined) throw new CliError(`Confirmation ${given} did not match ${app}. Aborted.`)
      if (!interactive) throw new CliError(`${what}\nRun again with --confirm ${app} to proceed.`)
      process.stderr.write(` ▸    ${what}\n ▸    To proceed, type ${app} or re-run this command with --confirm ${app}\n\n`)
      const typed = await prompt('> ')
      if (typed !== app) throw new CliError(`Confirmation did not match ${app}. Aborted.`)
    },
  }
  return ctx
}

async function runAction<T>(interactive: boolean, text: string, work: () => Promise<T>, done?: (result: T) => string): Promise<T> {
  const err = process.stderr
  let frame = 0
  const timer = interactive ? setInterval(() => err.write(`\r${text}... ${FRAMES[frame++ % FRAMES.length]}`), 80) : null
  if (!interactive) err.write(`${text}... `)
  try {
    const result = await work()
    err.write(`${interactive ? `\r${text}... ` : ''}${done ? done(result) : 'done'}\n`)
    return result
  } catch (error) {
    err.write(`${interactive ? `\r${text}... ` : ''}!\n`)
    throw error
  } finally {
    if (timer) clearInterval(timer)
  }
}
