import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { CommitDetail } from '../services/service-deps.js'

const run = promisify(execFile)

/** Per-app bare repositories, named by app id so renaming an app moves nothing. */
export class GitRepos {
  constructor(
    readonly root: string,
    private readonly hooksDir: string,
  ) {}

  dirName(appId: string): string {
    return `${appId}.git`
  }

  path(appId: string): string {
    return join(this.root, this.dirName(appId))
  }

  /** Creates the bare repository on first use, with Berth's hooks. */
  async ensure(appId: string): Promise<string> {
    const dir = this.path(appId)
    if (!existsSync(join(dir, 'HEAD'))) {
      await mkdir(this.root, { recursive: true, mode: 0o700 })
      await run('git', ['init', '--quiet', '--bare', '--initial-branch=main', dir])
      for (const [key, value] of [['core.hooksPath', this.hooksDir], ['http.receivepack', 'true'], ['receive.denyDeletes', 'false'], ['gc.auto', '0']]) {
        await run('git', ['config', key!, value!], { cwd: dir })
      }
    }
    return dir
  }

  async remove(appId: string): Promise<void> {
    await rm(this.path(appId), { recursive: true, force: true })
  }

  /** The sha a ref points at, or null. */
  async resolve(gitDir: string, ref: string): Promise<string | null> {
    try {
      return (await run('git', ['rev-parse', '--verify', '--quiet', ref], { cwd: gitDir })).stdout.trim() || null
    } catch {
      return null
    }
  }

  /** Commits in `to` but not in `from`, newest first; empty if the repository or either commit is missing. */
  async log(appId: string, from: string, to: string, max: number): Promise<{ sha: string; subject: string }[]> {
    if (![from, to].every((sha) => /^[0-9a-f]{7,64}$/.test(sha))) return []
    try {
      const { stdout } = await run('git', ['log', `--max-count=${max}`, '--format=%H%x1f%s', `${from}..${to}`], { cwd: this.path(appId) })
      return stdout.split('\n').filter(Boolean).map((line) => {
        const [sha = '', subject = ''] = line.split('\x1f')
        return { sha, subject }
      })
    } catch {
      return []
    }
  }

  /** Commits in `head` but not in `base`, oldest first, at most `max`, and their count; null if the repository lacks either. */
  async compare(appId: string, base: string, head: string, max: number): Promise<{ total: number; commits: CommitDetail[] } | null> {
    if (![base, head].every((sha) => /^[0-9a-f]{7,64}$/.test(sha))) return null
    const dir = this.path(appId)
    if (!existsSync(join(dir, 'HEAD'))) return null
    if ((await this.resolve(dir, `${base}^{commit}`)) === null || (await this.resolve(dir, `${head}^{commit}`)) === null) return null
    try {
      const range = `${base}..${head}`
      const total = Number((await run('git', ['rev-list', '--count', range], { cwd: dir })).stdout.trim())
      // Unit and record separators: commit messages may hold newlines, never these.
      const { stdout } = await run('git', ['log', '--reverse', `--max-count=${max}`, '--format=%H%x1f%an%x1f%aI%x1f%B%x1e', range], { cwd: dir })
      const commits = stdout.split('\x1e').map((record) => record.replace(/^\n/, '')).filter(Boolean).map((record) => {
        const [sha = '', authorName = '', authorDate = '', message = ''] = record.split('\x1f')
        return { sha, authorName, authorDate, message: message.trimEnd() }
      })
      return { total, commits }
    } catch {
      return null
    }
  }

  /**
   * Moves the deploy branch (main, else master) forward to `commit`, a deploy whose push was cut off
   * after its build succeeded. Nothing moves unless the commit is in the repository and the branch
   * is behind it (an ancestor): a force push cut off that way keeps its old branch until pushed again.
   */
  async catchUp(appId: string, commit: string): Promise<'moved' | 'current' | 'missing' | 'diverged'> {
    const dir = this.path(appId)
    if (!/^[0-9a-f]{40,64}$/.test(commit) || !existsSync(join(dir, 'HEAD'))) return 'missing'
    const ref = (await this.resolve(dir, 'refs/heads/main')) !== null ? 'refs/heads/main' : 'refs/heads/master'
    const current = await this.resolve(dir, ref)
    if (current === commit) return 'current'
    if ((await this.resolve(dir, `${commit}^{commit}`)) === null) return 'missing'
    if (current !== null && !(await succeeds(dir, ['merge-base', '--is-ancestor', current, commit]))) return 'diverged'
    await run('git', ['update-ref', ref, commit, current ?? ''], { cwd: dir })
    return 'moved'
  }

  async commitSubject(gitDir: string, sha: string, env: Record<string, string>): Promise<string | null> {
    try {
      return (await run('git', ['log', '-1', '--format=%s', sha], { cwd: gitDir, env: { ...process.env, ...env } })).stdout.trim() || null
    } catch {
      return null
    }
  }
}

async function succeeds(cwd: string, args: string[]): Promise<boolean> {
  return run('git', args, { cwd }).then(() => true, () => false)
}

/** Total size of the files under a directory, for the repository size limit. */
export async function directoryBytes(dir: string): Promise<number> {
  let total = 0
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += await directoryBytes(path)
    else if (entry.isFile()) total += (await stat(path)).size
  }
  return total
}
