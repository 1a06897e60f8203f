import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

const IDENTITY = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' }

/** Runs the real git binary; never throws, so tests can assert on failures. */
export function git(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: { ...process.env, ...IDENTITY, GIT_TERMINAL_PROMPT: '0', ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

/** A fresh git repository holding a copy of a fixture app, committed on main. */
export async function fixtureRepo(fixture: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), `berth-${fixture}-`))
  cpSync(join(FIXTURES, 'apps', fixture), dir, { recursive: true })
  await git(['init', '-q', '-b', 'main'], dir)
  await git(['add', '-A'], dir)
  await git(['commit', '-q', '-m', `${fixture} v1`], dir)
  return dir
}

/** `http://user:<token>@host/<app>.git` for an API URL. */
export function remoteUrl(apiUrl: string, app: string, token: string): string {
  const url = new URL(`${apiUrl}/${app}.git`)
  url.username = 'git'
  url.password = token
  return url.toString()
}

export const FIXTURE_BUILDPACKS = join(FIXTURES, 'buildpacks')
