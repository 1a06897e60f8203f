import { spawn } from 'node:child_process'
import { RespClient } from '../../src/addons/redis/resp-client.js'
import { freePort } from '../../src/scheduler/local/free-port.js'

/** The Redis tests provision on; CI's .ci/run makes sure it is up. */
export const TEST_REDIS_URL = process.env.BERTH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

async function ping(url: string): Promise<void> {
  const client = await RespClient.open(url, 1000)
  try {
    await client.command('PING')
  } finally {
    client.close()
  }
}

/** A private redis-server this test may stop, so the shared one stays up. */
export async function startRedis(port?: number): Promise<{ url: string; stop(): Promise<void> }> {
  port ??= await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  const url = `redis://127.0.0.1:${port}`
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

