import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { RespClient } from '../../src/addons/redis/resp-client.js'
import { freePort } from '../../src/scheduler/local/free-port.js'

/** The Redis tests provision on; CI's .ci/run makes sure it is up. */
export const TEST_REDIS_URL = process.env.BERTH_TEST_REDIS_URL ?? 'redis://default:berth-test@127.0.0.1:6379'

async function ping(url: string): Promise<void> {
  const client = await RespClient.open(url, 1000)
  try {
    await client.command('PING')
  } finally {
    client.close()
  }
}

/** A private redis-server this test may stop, so the shared one stays up; like any server Berth uses, it needs a password (unless `open`). */
export async function startRedis(port?: number, options: { open?: boolean; password?: string } = {}): Promise<{ url: string; stop(): Promise<void> }> {
  port ??= await freePort()
  const password = options.password ?? randomBytes(12).toString('hex')
  const auth = options.open ? [] : ['--requirepass', password]
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...auth], { stdio: 'ignore' })
  const url = options.open ? `redis://127.0.0.1:${port}` : `redis://default:${password}@127.0.0.1:${port}`
  for (let i = 0; i < 100; i++) {
    try {
      await ping(url)
      break
    } catch {
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  return { url, stop: async () => { if (child.exitCode === null && child.signalCode === null) { child.kill('SIGKILL'); await new Promise((r) => child.once('exit', r)) } } }
}

