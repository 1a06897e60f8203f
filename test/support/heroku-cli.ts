import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const HEROKU_VERSION = '11'
/** A cache outside node_modules, reused across runs on the same machine. */
const CACHE_DIR = process.env.BERTH_TEST_CACHE ?? join(homedir(), '.cache', 'berth-tests')

/** Installs the official `heroku` CLI (npm package, v11) into the cache once; returns its bin. */
export function ensureHerokuCli(): string {
  const prefix = join(CACHE_DIR, `heroku-cli-${HEROKU_VERSION}`)
  const bin = join(prefix, 'node_modules', '.bin', 'heroku')
  if (existsSync(bin)) return bin
  // Test files run in parallel: each installs into a private folder and the first to finish moves it
  // into place, so no process ever sees (or runs) a half-installed CLI.
  mkdirSync(CACHE_DIR, { recursive: true })
  const staging = mkdtempSync(join(CACHE_DIR, `heroku-cli-${HEROKU_VERSION}-`))
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', staging, `heroku@${HEROKU_VERSION}`], { stdio: 'ignore', timeout: 600_000 })
    renameSync(staging, prefix)
  } catch (error) {
    if (!existsSync(bin)) throw error
  } finally {
    rmSync(staging, { recursive: true, force: true })
  }
  return bin
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs the official CLI against a Berth API, in a throwaway HOME, with telemetry and updates off. */
export function herokuCli(apiUrl: string, apiKey: string) {
  const bin = ensureHerokuCli()
  const home = mkdtempSync(join(tmpdir(), 'berth-heroku-home-'))
  // Heroku compat: pre-create the terms-of-service marker so the CLI prints no one-time notice.
  mkdirSync(join(home, '.cache', 'heroku'), { recursive: true })
  writeFileSync(join(home, '.cache', 'heroku', 'terms-of-service'), '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    HEROKU_HOST: apiUrl,
    HEROKU_API_KEY: apiKey,
    HEROKU_PARTICLEBOARD_URL: apiUrl,
    HEROKU_BUILDPACK_REGISTRY_URL: apiUrl,
    DISABLE_TELEMETRY: 'true',
    HEROKU_SKIP_NEW_VERSION_CHECK: 'true',
    HEROKU_DISABLE_AUTOUPDATE: '1',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
  }
  return {
    home,
    bin,
    /** The environment for running git as a CLI user would: HOME's credential helper calls `heroku git:credentials`. */
    env: (extra: Record<string, string> = {}) => ({ ...env, PATH: `${dirname(bin)}:${env.PATH}`, ...extra }),
    /** Runs a command that must succeed, failing the test with its output otherwise. */
    async ok(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
      const result = await this.run(args, options)
      assert.equal(result.code, 0, `heroku ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
      return result
    },
    run(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
      return new Promise((resolve, reject) => {
        const child = spawn(bin, args, { env: { ...env, ...options.env }, cwd: options.cwd ?? home })
        if (options.input !== undefined) child.stdin.end(options.input)
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk) => { stdout += chunk })
        child.stderr.on('data', (chunk) => { stderr += chunk })
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
        child.on('error', reject)
        child.on('close', (code) => {
          clearTimeout(timer)
          resolve({ code: code ?? -1, stdout, stderr })
        })
      })
    },
  }
}
