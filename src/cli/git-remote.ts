import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { gitRemotes } from './resolve-app.js'

const run = promisify(execFile)

export async function insideGitRepo(cwd: string): Promise<boolean> {
  return run('git', ['rev-parse', '--is-inside-work-tree'], { cwd }).then(() => true, () => false)
}

/**
 * The remote the berth CLI writes: the app's repository at the API URL berth talks to, so a plain
 * `http://` API gives a plain remote that needs no CA, and git finds the token `berth login` put in
 * ~/.netrc. The API's `git_url` is the `https://` one the heroku CLI writes (served with Berth's
 * local CA); apps:rename and apps:destroy look after remotes of either kind.
 */
export function berthRemoteUrl(apiUrl: string, app: string): string {
  return `${apiUrl}/${app}.git`
}

/** Points the named remote at `url`, adding it if it does not exist. */
export async function setRemote(cwd: string, name: string, url: string): Promise<void> {
  const exists = (await gitRemotes(cwd)).some((r) => r.name === name)
  await run('git', ['remote', exists ? 'set-url' : 'add', name, url], { cwd })
}

/** Every remote whose URL is `url`, re-pointed at `next` (rename) or removed (null). */
export async function replaceRemotes(cwd: string, url: string, next: string | null): Promise<string[]> {
  const matching = [...new Set((await gitRemotes(cwd)).filter((r) => r.url === url).map((r) => r.name))]
  for (const name of matching) await run('git', next === null ? ['remote', 'remove', name] : ['remote', 'set-url', name, next], { cwd })
  return matching
}
