import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ROOT = new URL('../../', import.meta.url).pathname
// Absolute, so the CLI runs from any working directory (a repository, a temp dir).
const TSX = import.meta.resolve('tsx')

/** The argv that runs `berth <args>` from source. */
export function berthArgv(args: readonly string[]): string[] {
  return ['--import', TSX, join(ROOT, 'src/main/cli.ts'), ...args]
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  ms: number
}

/** Runs our `berth` CLI as a user would (a real process, a throwaway HOME), against a Berth API. */
export function berthCli(apiUrl: string, env: Record<string, string> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'berth-cli-home-'))
  const baseEnv = { PATH: process.env.PATH ?? '', HOME: home, BERTH_API_URL: apiUrl, NO_COLOR: '1', GIT_TERMINAL_PROMPT: '0', ...env }
  const run = (args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const started = Date.now()
      const child = spawn(process.execPath, berthArgv(args), {
        cwd: options.cwd ?? home, env: { ...baseEnv, ...options.env },
      })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', (chunk) => { stdout += chunk })
      child.stderr.on('data', (chunk) => { stderr += chunk })
      child.stdin.end(options.input ?? '')
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000)
      child.on('error', reject)
      child.on('close', (code) => {
        clearTimeout(timer)
        resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - started })
      })
    })
  return {
    home,
    env: baseEnv,
    run,
    /** A command that must succeed; fails the test with its output otherwise. */
    async ok(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
      const result = await run(args, options)
      if (result.code !== 0) throw new Error(`berth ${args.join(' ')} exited ${result.code}:\n${result.stdout}\n${result.stderr}`)
      return result
    },
  }
}

/** Output with what changes between runs (times, shas) replaced, for golden files; `<commit>` keeps an 8-character sha's width so tables stay aligned. */
export function normalize(text: string): string {
  return text
    .replace(/\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \+0000( \(~ \d+[smhd] ago\))?/g, '<time>')
    .replace(/\b[0-9a-f]{40}\b/g, '<sha>')
    .replace(/\b[0-9a-f]{8}\b/g, '<commit>')
    .replace(/ +$/gm, '')
}
