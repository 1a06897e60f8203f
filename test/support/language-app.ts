import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BerthProcess } from './berth-process.js'
import { git, remoteUrl } from './git.js'
import { routerGet } from './router-client.js'
import { waitFor } from './wait-for.js'

/** What the language e2e tests do to one app: push it, change a file and commit, wait for it to answer. */
export function languageApp(berth: () => BerthProcess, key: string, app: string, timeoutMs = 20_000) {
  return {
    push: (repo: string, name = app) => git(['push', remoteUrl(berth().apiUrl, name, key), 'main'], repo),
    edit: async (repo: string, file: string, change: (text: string) => string, message: string) => {
      writeFileSync(join(repo, file), change(readFileSync(join(repo, file), 'utf8')))
      await git(['commit', '-q', '-am', message], repo)
    },
    /** Resolves with the app's body once it answers 200 with a body matching `pattern`. */
    serves: (pattern: RegExp) => waitFor(async () => {
      const res = await routerGet(berth().routerUrl, `${app}.localhost`)
      return res.status === 200 && pattern.test(res.body) ? res.body : null
    }, { timeoutMs, what: `${app} to answer ${pattern}` }),
  }
}
