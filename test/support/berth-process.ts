import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEST_POSTGRES_URL } from './postgres.js'
import { TEST_REDIS_URL } from './redis.js'

const ROOT = new URL('../../', import.meta.url).pathname

export interface BerthProcess {
  /** SIGKILL, leaving the data dir for a restart. */
  kill(): Promise<void>
  apiUrl: string
  routerUrl: string
  /** The router's HTTPS (`https://127.0.0.1:<port>`). */
  routerTlsUrl: string
  dataDir: string
  child: ChildProcess
  output(): string
  stop(): Promise<void>
}

/**
 * Starts `berth server` as a real process on an ephemeral port and waits until it listens: from the
 * source, or with `compiled` as `npm start` runs it (dist/, which `npm run build` makes; benchmarks).
 */
export async function startBerthProcess(env: Record<string, string> = {}, options: { dataDir?: string; compiled?: boolean } = {}): Promise<BerthProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'berth-e2e-'))
  const entry = options.compiled ? [join(ROOT, 'bin/berth.js')] : ['--import', 'tsx', join(ROOT, 'src/main/cli.ts')]
  const child = spawn(process.execPath, [...entry, 'server'], {
    cwd: ROOT,
    env: { ...process.env, BERTH_DATA_DIR: dataDir, BERTH_API_PORT: '0', BERTH_ROUTER_PORT: '0', BERTH_ROUTER_TLS_PORT: '0', BERTH_RENDEZVOUS_PORT: '0', BERTH_LOG_LEVEL: 'warn',
      BERTH_ADDON_POSTGRES_URL: TEST_POSTGRES_URL, BERTH_ADDON_REDIS_URL: TEST_REDIS_URL, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const [apiUrl, routerUrl, routerTlsUrl] = await new Promise<[string, string, string]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`berth server did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk
      const api = /Berth API listening on (\S+)/.exec(output)
      const router = /Berth router listening on (\S+) and (\S+)/.exec(output)
      if (api && router) {
        clearTimeout(timer)
        resolve([api[1]!, router[1]!, router[2]!])
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', (code) => reject(new Error(`berth server exited with ${code}:\n${output}`)))
  })
  return {
    apiUrl,
    routerUrl,
    routerTlsUrl,
    dataDir,
    child,
    output: () => output,
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
