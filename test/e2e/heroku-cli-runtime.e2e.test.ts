import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { herokuCli } from '../support/heroku-cli.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_cli_runtime_key_012345678'
const unwrap = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')

/** The official CLI's dyno, release-phase, domain and maintenance commands against a running app. */
describe('official heroku CLI: ps, releases:output, releases:retry, domains, maintenance', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  const heroku = (...args: string[]) => cli.ok(args)

  const serve = (host: string) => routerGet(berth.routerUrl, host)

  before(async () => {
    // drains:add points at a loopback receiver, which only an operator's allowlist lets drains reach.
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_STOP_TIMEOUT: '3', BERTH_OUTBOUND_ALLOW: '127.0.0.1/32' })
    cli = herokuCli(berth.apiUrl, KEY)
    await heroku('apps:create', 'dynos', '--no-remote')
    const dir = await fixtureRepo('inspector')
    const pushed = await git(['push', remoteUrl(berth.apiUrl, 'dynos', KEY), 'main'], dir)
    assert.equal(pushed.code, 0, pushed.stderr)
  })
  after(async () => berth.stop())

  it('ps lists the running dynos by command', async () => {
    const { stdout } = await heroku('ps', '-a', 'dynos')
    assert.match(stdout, /=== web \(Basic\): node server\.js \(1\)/)
    assert.match(stdout, /^web\.1: up \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d/m)
  })

  it('ps:scale scales web and worker, and ps shows them', async () => {
    const scaled = await heroku('ps:scale', 'web=2', 'worker=1', '-a', 'dynos')
    assert.match(unwrap(scaled.stderr + scaled.stdout), /Scaling dynos\.\.\. done, now running (web at 2:Basic, worker at 1:Basic|worker at 1:Basic, web at 2:Basic)/)
    await waitFor(async () => /web\.2: up/.test((await cli.run(['ps', '-a', 'dynos'])).stdout), { what: 'web.2 up' })
    const { stdout } = await heroku('ps', '-a', 'dynos')
    assert.match(stdout, /=== worker \(Basic\): node worker\.js \(1\)/)
    assert.match(stdout, /^worker\.1: up/m)
  })

  it('ps:restart and ps:stop act on all dynos, a type, or one dyno', async () => {
    assert.match(unwrap((await heroku('ps:restart', '-a', 'dynos')).stderr), /Restarting all dynos on dynos\.\.\. done/)
    assert.match(unwrap((await heroku('ps:restart', '-p', 'web', '-a', 'dynos')).stderr), /Restarting all web dynos on dynos\.\.\. done/)
    assert.match(unwrap((await heroku('ps:restart', '-d', 'web.1', '-a', 'dynos')).stderr), /Restarting dyno web\.1 on dynos\.\.\. done/)
    assert.match(unwrap((await heroku('ps:stop', '-d', 'web.2', '-a', 'dynos')).stderr), /Stopping dyno web\.2 on dynos\.\.\. done/)
    await waitFor(async () => /web\.2: up/.test((await cli.run(['ps', '-a', 'dynos'])).stdout), { what: 'web.2 back up after ps:stop' })
    assert.equal((await serve('dynos.localhost')).status, 200)
  })

  it('ps lists a running one-off dyno with the other processes', async () => {
    const started = await fetch(`${berth.apiUrl}/apps/dynos/dynos`, {
      method: 'POST', body: JSON.stringify({ command: 'sleep 5' }), headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    })
    assert.equal(started.status, 201)
    const { name } = await started.json() as { name: string }
    assert.match(name, /^run\.\d{4}$/)
    const { stdout } = await heroku('ps', '-a', 'dynos')
    assert.match(stdout, /=== run: one-off processes \(1\)/)
    assert.match(stdout, new RegExp(`${name.replace('.', '\\.')} \\(Basic\\): up .*: sleep 5`))
  })

  it('run attaches to a one-off dyno over the rendezvous: output, input and the exit code come back', async () => {
    // Like git, the CLI must trust the local CA that signs the rendezvous port's certificate.
    const trust = { env: { NODE_EXTRA_CA_CERTS: join(berth.dataDir, 'tls', 'ca.crt') } }
    const echoed = await cli.ok(['run', 'echo "on $DYNO of $HEROKU_APP_NAME"; echo to-stderr >&2', '-a', 'dynos'], trust)
    assert.match(echoed.stdout, /on run\.\d{4} of dynos\n/)
    assert.match(echoed.stdout + echoed.stderr, /to-stderr/)
    assert.match(unwrap(echoed.stderr), /Running echo "on \$DYNO of \$HEROKU_APP_NAME"; echo to-stderr >&2 on (⬢ )?dynos\.\.\. up, run\.\d{4}/)
    const piped = await cli.ok(['run', 'tr a-z A-Z', '-a', 'dynos'], { ...trust, input: 'shout this\n' })
    assert.match(piped.stdout, /SHOUT THIS/)
    // The CLI appends `; echo <marker> $?` to the command, so the status must come from a command, not `exit`.
    const failed = await cli.run(['run', '--exit-code', 'sh -c "exit 3"', '-a', 'dynos'], trust)
    assert.equal(failed.code, 3, failed.stderr)
  })

  it('releases:output shows the release phase output, and releases:retry runs it again as a new release', async () => {
    const output = await heroku('releases:output', '-a', 'dynos')
    assert.match(output.stdout, /release phase for v3/)
    const retry = await heroku('releases:retry', '-a', 'dynos')
    assert.match(unwrap(retry.stderr), /Retrying v3 on dynos\.\.\. done, v4/)
    assert.match(retry.stdout, /Running release command\.\.\.[\s\S]*release phase for v4/)
    const { stdout } = await heroku('releases', '-a', 'dynos')
    assert.match(stdout, /Current: v4/)
    assert.match(stdout, /v4\s+Retry of v3: Deploy [0-9a-f]{8}/)
  })

  it('domains shows the app domain, and domains:add routes a custom domain until domains:remove', async () => {
    const listed = await heroku('domains', '-a', 'dynos')
    assert.match(listed.stdout, /=== dynos Heroku Domain\s+dynos\.localhost/)
    const added = await heroku('domains:add', 'www.example.test', '-a', 'dynos')
    assert.match(unwrap(added.stderr + added.stdout), /Adding www\.example\.test to dynos\.\.\. done/)
    assert.match(unwrap(added.stderr + added.stdout), /dynos\.localhost/)
    assert.match((await heroku('domains', '-a', 'dynos')).stdout, /www\.example\.test/)
    assert.equal((await serve('www.example.test')).status, 200)
    await heroku('domains:remove', 'www.example.test', '-a', 'dynos')
    assert.equal((await serve('www.example.test')).status, 404)
  })

  const LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00 (app|heroku)\[[\w.]+\]: /
  const logLines = (stdout: string) => stdout.split('\n').filter(Boolean)

  it('logs shows the API, dyno and router lines in Logplex format, and filters them', async () => {
    await serve('dynos.localhost')
    assert.equal(logLines((await heroku('logs', '-a', 'dynos')).stdout).length, 100, 'the default is the last 100 lines')
    const all = logLines((await heroku('logs', '-n', '1500', '-a', 'dynos')).stdout)
    assert.ok(all.length > 100 && all.every((line) => LINE.test(line)), all.slice(0, 5).join('\n'))
    assert.ok(all.some((line) => / app\[api\]: Release v3 created by user admin@berth\.local$/.test(line)))
    assert.ok(all.some((line) => / heroku\[web\.1\]: State changed from starting to up$/.test(line)))
    assert.ok(all.some((line) => / heroku\[router\]: at=info method=GET path="\/" host=dynos\.localhost request_id=\S+ fwd="127\.0\.0\.1" dyno=web\.\d connect=\d+ms service=\d+ms status=200 bytes=\d+ protocol=http$/.test(line)))
    assert.equal(logLines((await heroku('logs', '-n', '5', '-a', 'dynos')).stdout).length, 5)
    const web1 = logLines((await heroku('logs', '-d', 'web.1', '-a', 'dynos')).stdout)
    assert.ok(web1.length > 0 && web1.every((line) => /\[web\.1\]: /.test(line)))
    const web = logLines((await heroku('logs', '-p', 'web', '-a', 'dynos')).stdout)
    assert.ok(web.some((line) => /\[web\.2\]: /.test(line)) && web.every((line) => /\[web\.\d\]: /.test(line)))
    const app = logLines((await heroku('logs', '-s', 'app', '-a', 'dynos')).stdout)
    assert.ok(app.length > 0 && app.every((line) => / app\[/.test(line)))
  })

  it('logs --tail follows new lines until interrupted', async () => {
    const tail = spawn(cli.bin, ['logs', '--tail', '-a', 'dynos'], { env: cli.env() })
    let output = ''
    tail.stdout.on('data', (chunk) => { output += chunk })
    try {
      await waitFor(() => output.includes('heroku[router]'), { what: 'the backlog' })
      await routerGet(berth.routerUrl, 'dynos.localhost', '/tail-probe')
      await waitFor(() => /path="\/tail-probe"/.test(output), { what: 'the new router line' })
      await waitFor(() => /app\[web\.\d\]: GET \/tail-probe/.test(output), { what: "the app's own line" })
    } finally {
      tail.kill('SIGINT')
    }
  })

  it('drains:add, drains and drains:remove manage log drains', async () => {
    const added = await heroku('drains:add', 'syslog+tls://127.0.0.1:6514', '-a', 'dynos')
    assert.match(unwrap(added.stdout + added.stderr), /Successfully added drain syslog\+tls:\/\/127\.0\.0\.1:6514/)
    const listed = await heroku('drains', '-a', 'dynos')
    assert.match(listed.stdout, /=== Drains\s+syslog\+tls:\/\/127\.0\.0\.1:6514 \(d\.[0-9a-f-]{36}\)/)
    const removed = await heroku('drains:remove', 'syslog+tls://127.0.0.1:6514', '-a', 'dynos')
    assert.match(unwrap(removed.stdout + removed.stderr), /syslog\+tls:\/\/127\.0\.0\.1:6514/)
    assert.doesNotMatch((await heroku('drains', '-a', 'dynos')).stdout, /6514/)
  })

  it('maintenance:on makes the router answer 503 with the maintenance page until maintenance:off', async () => {
    await heroku('maintenance:on', '-a', 'dynos')
    const down = await serve('dynos.localhost')
    assert.equal(down.status, 503)
    assert.match(down.body, /maintenance mode/)
    await heroku('maintenance:off', '-a', 'dynos')
    assert.equal((await serve('dynos.localhost')).status, 200)
  })

  it('a rollback sent with Prefer: respond-async answers while its release phase is still running', async () => {
    const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      fetch(berth.apiUrl + path, { method, body: body === undefined ? undefined : JSON.stringify(body), headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', ...headers } })
    await heroku('config:set', 'RELEASE_SLEEP_MS=3000', '-a', 'dynos')
    const [target] = await (await api('GET', '/apps/dynos/releases', undefined, { Range: 'version ..; max=1, order=desc' })).json() as any[]
    const started = Date.now()
    const response = await api('POST', '/apps/dynos/releases', { release: target.id }, { Prefer: 'respond-async' })
    const rolled = await response.json() as any
    assert.equal(response.status, 201)
    assert.deepEqual([rolled.status, rolled.current], ['pending', false])
    assert.ok(Date.now() - started < 2500, 'answered before the 3 s release phase ended')
    await waitFor(async () => (await (await api('GET', `/apps/dynos/releases/${rolled.id}`)).json() as any).current, { timeoutMs: 30_000, what: 'the rollback to go live' })
  })
})
