import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { apiClient } from '../support/api-client.js'
import { slugArchive } from '../support/slug-archive.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_security_survives_key_0123456'

// `POST /apps/:app/dynos {"command":"echo \u0000"}` used to throw inside an un-awaited spawn and take
// the whole server down. Two layers stop it: the command is refused (422), and a process guard
// logs anything that still escapes and keeps serving. This test fails only if both are gone.
describe('a real berth server survives hostile one-off dyno commands', () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)
  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
    assert.equal((await api('POST', '/apps', { name: 'target' })).status, 201)
    // A deployed slug with no web process: the release goes live at once and one-off dynos can run.
    const slug = (await api('POST', '/apps/target/slugs', { process_types: { worker: 'sleep 600' } })).body
    assert.equal((await fetch(slug.blob.url, { method: 'PUT', body: slugArchive('procfile-shell') })).status, 200)
    const release = await api('POST', '/apps/target/releases', { slug: slug.id })
    assert.equal(release.body.status, 'succeeded', JSON.stringify(release.body))
  })
  after(async () => berth.stop())

  it('keeps answering after commands with a NUL in every position', async () => {
    for (const command of ['echo \u0000', '\u0000', 'sleep 1\u0000; echo hi']) {
      const response = await api('POST', '/apps/target/dynos', { command })
      assert.ok([201, 422].includes(response.status), `${JSON.stringify(command)}: ${response.status} ${JSON.stringify(response.body)}`)
      if (response.status === 201) {
        // Without validation the dyno's spawn throws later, in the background: wait for the guard to log it.
        await waitFor(() => berth.child.exitCode !== null || /keeps serving/.test(berth.output()), { what: 'the failed spawn to surface' })
      }
      assert.equal(berth.child.exitCode, null, `the server exited after ${JSON.stringify(command)}:\n${berth.output()}`)
      assert.equal((await api('GET', '/apps/target')).status, 200)
    }
    const after = await api('GET', '/apps/target/config-vars')
    assert.equal(after.status, 200)
    assert.equal(berth.child.exitCode, null)
  })
})
