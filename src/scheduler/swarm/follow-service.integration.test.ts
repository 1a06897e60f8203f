import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

const FOLLOWER = new URL('./follow-service.ts', import.meta.url).pathname

/** One log frame as the Engine API multiplexes it: stream, three zero bytes, the payload's length, the payload. */
function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text)
  const header = Buffer.alloc(8)
  header[0] = stream
  header.writeUInt32BE(payload.length, 4)
  return Buffer.concat([header, payload])
}

const at = (second: number) => `2026-12-03T00:00:${String(second).padStart(2, '0')}.000000000Z`

/**
 * The follower against a stand-in for a Swarm manager's Engine API on a Unix socket, which fails
 * and drops its log stream on cue: what a manager failing over or an engine restarting looks like
 * to it. (A real manager cannot be made to do that on cue; the swarm e2e runs the follower against one.)
 */
describe('the Swarm service follower', () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-follow-'))
  const socketPath = join(dir, 'engine.sock')
  let tasks: () => { status: number; body: unknown }
  let logs: (res: ServerResponse, since: string) => void
  const sinces: string[] = []
  const server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://engine')
    if (url.pathname.endsWith('/logs')) {
      sinces.push(`${url.searchParams.get('follow') ?? 0}:${url.searchParams.get('since')}`)
      res.writeHead(200, { 'Content-Type': 'application/vnd.docker.raw-stream' })
      return logs(res, url.searchParams.get('since') ?? '0')
    }
    if (url.pathname === '/v1.41/tasks') {
      const answer = tasks()
      res.writeHead(answer.status, { 'Content-Type': 'application/json' })
      return res.end(JSON.stringify(answer.body))
    }
    if (url.pathname.startsWith('/v1.41/nodes/')) return res.end(JSON.stringify({ Status: { State: 'ready' } }))
    res.writeHead(404).end(JSON.stringify({ message: 'no such thing' }))
  })
  const task = (state: string, exitCode?: number) => ({
    status: 200, body: [{ ID: 't1', NodeID: 'n1', CreatedAt: at(0), Status: { State: state, ContainerStatus: exitCode === undefined ? {} : { ExitCode: exitCode } } }],
  })
  const follow = (env: Record<string, string> = {}) => new Promise<{ code: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--import', 'tsx', FOLLOWER, socketPath, 'svc1', '0'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }))
  })

  before(() => new Promise<void>((resolve) => server.listen(socketPath, resolve)))
  after(() => {
    server.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('rides out a manager that does not answer for a while, then ends with the task\'s own exit status', async () => {
    // Running, then 500s for 2 s (a leader election), then the task ends with status 3.
    let calls = 0
    let failingFrom: number | null = null
    tasks = () => {
      if (++calls <= 2) return task('running')
      failingFrom ??= Date.now()
      if (Date.now() - failingFrom < 2000) return { status: 500, body: { message: 'rpc error: code = Unknown desc = The swarm does not have a leader' } }
      return task('complete', 3)
    }
    logs = (res) => res.end(frame(1, `${at(1)} hello\n`))
    const result = await follow()
    assert.deepEqual([result.code, result.stdout, result.stderr], [3, 'hello\n', ''])
    assert.ok(calls > 4, `asked ${calls} times: again and again while the manager failed`)
  })

  it('gives up, saying why, once the manager has not answered for its patience', async () => {
    tasks = () => ({ status: 500, body: { message: 'The swarm does not have a leader' } })
    logs = (res) => res.end()
    const result = await follow({ BERTH_FOLLOW_PATIENCE_MS: '1500' })
    assert.equal(result.code, 1)
    assert.match(result.stderr, /could not follow the dyno's service: the Swarm manager has not answered for 2 s: The swarm does not have a leader/)
  })

  it('opens the log stream again from its last line when it drops, writing each line once', async () => {
    sinces.length = 0
    // The first stream gives two lines and drops; the next ones start from the last line's second, so repeat it.
    const followed = () => sinces.filter((since) => since.startsWith('1:'))
    logs = (res) => {
      if (followed().length === 1) return res.end(Buffer.concat([frame(1, `${at(1)} one\n`), frame(2, `${at(2)} two\n`)]))
      res.end(Buffer.concat([frame(2, `${at(2)} two\n`), frame(1, `${at(3)} three\n`)]))
    }
    // The task ends once the stream has been opened a third time.
    tasks = () => (followed().length < 3 ? task('running') : task('complete', 0))
    const result = await follow()
    assert.deepEqual([result.code, result.stdout, result.stderr], [0, 'one\nthree\n', 'two\n'])
    assert.deepEqual(followed().slice(0, 3), ['1:0', `1:${Date.parse(at(2)) / 1000}`, `1:${Date.parse(at(3)) / 1000}`])
  })
})
