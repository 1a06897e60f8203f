import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { CliError } from './cli-error.js'

const run = promisify(execFile)

export interface GitRemote {
  name: string
  url: string
}

/** `http(s)://[user@]host:port/<app>.git` on this Berth's host and port → the app's name. */
export function appFromGitUrl(url: string, apiUrl: string): string | null {
  try {
    const remote = new URL(url)
    const api = new URL(apiUrl)
    if (!/^https?:$/.test(remote.protocol) || remote.hostname !== api.hostname || portOf(remote) !== portOf(api)) return null
    return /^\/([a-z][a-z0-9-]*)\.git\/?$/.exec(remote.pathname)?.[1] ?? null
  } catch {
    return null
  }
}

// TLS shares the API's port (first-byte sniffing), so https and http remotes compare by the port given.
function portOf(url: URL): string {
  return url.port || (url.protocol === 'https:' ? '443' : '80')
}

/** The one app the remotes point at on this Berth; several get a clear error naming them. */
export function appFromRemotes(remotes: readonly GitRemote[], apiUrl: string): string | null {
  const found = new Map<string, string[]>()
  for (const remote of remotes) {
    const app = appFromGitUrl(remote.url, apiUrl)
    if (app) found.set(app, [...(found.get(app) ?? []), remote.name])
  }
  if (found.size > 1) {
    const list = [...found].map(([app, names]) => `${app} (${[...new Set(names)].join(', ')})`).join(', ')
    throw new CliError(`Several apps are git remotes here: ${list}. Choose one with -a APP or -r REMOTE.`)
  }
  return found.keys().next().value ?? null
}

export async function gitRemotes(cwd: string): Promise<GitRemote[]> {
  try {
    const { stdout } = await run('git', ['remote', '-v'], { cwd })
    return stdout.split('\n').flatMap((line) => {
      const [name, url] = line.split(/\s+/)
      return name && url ? [{ name, url }] : []
    })
  } catch {
    return []
  }
}

/** `-a`, then `-r`, then BERTH_APP, then the git remotes that point at this Berth, as the Heroku CLI does. */
export async function resolveApp(input: { app?: string; remote?: string; env: NodeJS.ProcessEnv; cwd: string; apiUrl: string }): Promise<string> {
  if (input.app) return input.app
  const remotes = await gitRemotes(input.cwd)
  if (input.remote) {
    const remote = remotes.find((r) => r.name === input.remote)
    const app = remote && appFromGitUrl(remote.url, input.apiUrl)
    if (!app) throw new CliError(`The git remote ${input.remote} does not point at an app on ${input.apiUrl}.`)
    return app
  }
  if (input.env.BERTH_APP) return input.env.BERTH_APP
  const app = appFromRemotes(remotes, input.apiUrl)
  if (!app) throw new CliError('No app specified. Use -a APP, set BERTH_APP, or run this in a git repository with a remote pointing at Berth.')
  return app
}

/** Commands that make a git remote (`git:remote`, `git:clone`) cannot read the app from one: `-a`, else BERTH_APP. */
export function namedApp(app: string | undefined, env: NodeJS.ProcessEnv): string {
  const name = app ?? env.BERTH_APP
  if (!name) throw new CliError('Name the app with -a APP.')
  return name
}
