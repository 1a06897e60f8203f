import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { refused } from '../../test/support/refused.js'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { runDyno } from './run-dyno.js'
import { updateConfigVars } from './update-config-vars.js'

// One-off dynos print this and see the app's config in their environment.
const program = (spec: { type: string }, env: Readonly<Record<string, string>>) => (spec.type === 'run' ? { lines: [`GREETING=${env.GREETING}`] } : {})

describe('runDyno', () => {
  it('runs a detached one-off dyno on the current release, its output in the logs', async (t) => {
    const rig = await open(t, { program })
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    await updateConfigVars(rig.deps, owner, app.name, { GREETING: 'hi' })
    const current = await rig.latest(app.id)
    const { dyno, attachUrl } = await runDyno(rig.deps, owner, app.name, { command: 'node task.js' })
    assert.equal(attachUrl, null)
    assert.match(dyno.name, /^run\.\d{4}$/)
    assert.deepEqual([dyno.type, dyno.command, dyno.releaseVersion], ['run', 'node task.js', current.version])
    await waitFor(() => rig.messages(app.id).includes(`${dyno.name}: Process exited with status 0`), { what: 'the one-off to finish' })
    const messages = rig.messages(app.id)
    assert.ok(messages.includes(`api: Starting process with command \`node task.js\` by user ${owner.email}`))
    assert.ok(messages.includes(`${dyno.name}: GREETING=hi`))
  })

  it('with attach, answers with a rendezvous URL and starts nothing until the client connects', async (t) => {
    const rig = await open(t, { program })
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    const { dyno, attachUrl } = await runDyno(rig.deps, owner, app.name, { command: 'bash', attach: true })
    assert.match(attachUrl ?? '', /^rendezvous:\/\/127\.0\.0\.1:1\/[0-9a-f-]{36}$/)
    assert.equal(dyno.state, 'starting')
    assert.ok(!rig.messages(app.id).some((m) => m.startsWith(`${dyno.name}:`)), 'the rig\'s client never connects')
  })

  it('refuses a missing, blank, non-string, NUL-bearing or oversized command before running anything', async (t) => {
    const rig = await open(t, { program })
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    const run = (command: unknown) => runDyno(rig.deps, owner, app.name, { command })
    for (const command of [undefined, '', '   ', 42, ['ls']]) await assert.rejects(run(command), refused('invalid_params', /^command is required\.$/))
    await assert.rejects(run('echo a\0b'), refused('invalid_params', /^The command may not contain NUL characters/))
    await assert.rejects(run('x'.repeat(16 * 1024 + 1)), refused('invalid_params', /^The command is 16385 bytes long, over the 16384-byte limit\.$/))
    await run('x'.repeat(16 * 1024))
    assert.equal(rig.messages(app.id).filter((m) => m.startsWith('api: Starting process')).length, 1)
  })

  it('refuses to run before anything is deployed', async (t) => {
    const rig = await open(t, { program })
    const owner = await rig.account()
    const app = await rig.app(owner)
    // Config releases carry no slug: there is still nothing to run a command on.
    await updateConfigVars(rig.deps, owner, app.name, { GREETING: 'hi' })
    await assert.rejects(runDyno(rig.deps, owner, app.name, { command: 'ls' }), refused('invalid_params', /^Nothing is deployed yet: push code before running a command\.$/))
    assert.deepEqual(rig.scheduler.list(app.id), [])
  })

  it('is refused to strangers as if the app did not exist', async (t) => {
    const rig = await open(t, { program })
    const owner = await rig.account()
    const app = await rig.app(owner)
    await rig.deploy(owner, app)
    await assert.rejects(runDyno(rig.deps, await rig.account(), app.name, { command: 'cat /etc/passwd' }), refused('not_found', /app/i))
    assert.ok(!rig.messages(app.id).some((m) => m.includes('cat /etc/passwd')))
  })
})
