import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { PROCESS_STRING_LIMITS } from '../../src/core/processes/check-process-string.js'
import { startTestServer, type StoreKind, type TestServer } from '../support/test-server.js'

const NUL = '\u0000'
const over = (bytes: number) => 'x'.repeat(bytes + 1)

// Every string a user sends that ends up in a process's argv or environment (or a database
// text column) is refused with 422 when it holds a NUL or is too long: `spawn` throws on a NUL,
// and PostgreSQL cannot store one.
for (const store of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`NUL and length in strings that reach a process (${store})`, () => {
    let server: TestServer
    let slugId: string
    before(async () => {
      server = await startTestServer({ store })
      await server.request('POST', '/apps', { body: { name: 'victim' } })
      slugId = (await server.request('POST', '/apps/victim/slugs', { body: { process_types: { worker: 'sleep 1' } } })).body.id
    })
    after(async () => server.close())

    const refused = async (method: string, path: string, body: unknown, pattern: RegExp) => {
      const response = await server.request(method, path, { body })
      assert.equal(response.status, 422, `${method} ${path} ${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(response.body)}`)
      assert.equal(response.body.id, 'invalid_params')
      assert.match(response.body.message, pattern)
    }

    it('refuses a one-off dyno command with a NUL or over the command limit', async () => {
      await refused('POST', '/apps/victim/dynos', { command: `echo ${NUL}` }, /NUL/)
      await refused('POST', '/apps/victim/dynos', { command: over(PROCESS_STRING_LIMITS.commandBytes) }, /over the 16384-byte limit/)
    })

    it('refuses a NUL in a config var value and oversized names, and keeps nothing of the patch', async () => {
      await refused('PATCH', '/apps/victim/config-vars', { GOOD: 'kept?', BAD: `a${NUL}b` }, /Config var BAD may not contain NUL/)
      await refused('PATCH', '/apps/victim/config-vars', { [`K${over(PROCESS_STRING_LIMITS.envNameBytes)}`]: 'v' }, /at most 256 characters/)
      assert.deepEqual((await server.request('GET', '/apps/victim/config-vars')).body, {})
    })

    it('refuses NUL and oversize in Slug API process types and metadata', async () => {
      await refused('POST', '/apps/victim/slugs', { process_types: { web: `node${NUL} server.js` } }, /The web command may not contain NUL/)
      await refused('POST', '/apps/victim/slugs', { process_types: { web: over(PROCESS_STRING_LIMITS.commandBytes) } }, /over the/)
      await refused('POST', '/apps/victim/slugs', { process_types: { web: 'x' }, commit: `abc${NUL}` }, /commit may not contain NUL/)
      await refused('POST', '/apps/victim/slugs', { process_types: { web: 'x' }, commit_description: over(PROCESS_STRING_LIMITS.labelBytes) }, /over the/)
      await refused('POST', '/apps/victim/slugs', { process_types: { web: 'x' }, buildpack_provided_description: NUL }, /NUL/)
    })

    it('refuses a NUL in a release description (dynos see it as HEROKU_SLUG_DESCRIPTION)', async () => {
      await refused('POST', '/apps/victim/releases', { slug: slugId, description: `Deploy${NUL}` }, /description may not contain NUL/)
    })

    it('refuses NUL in Build API versions, descriptions and buildpack URLs', async () => {
      const source = { url: `${server.apiUrl}/sources/00000000-0000-0000-0000-000000000000?token=x` }
      await refused('POST', '/apps/victim/builds', { source_blob: { ...source, version: `v1${NUL}` } }, /source_blob\.version may not contain NUL/)
      await refused('POST', '/apps/victim/builds', { source_blob: { ...source, version_description: over(PROCESS_STRING_LIMITS.labelBytes) } }, /over the/)
      await refused('POST', '/apps/victim/builds', { source_blob: source, buildpacks: [{ url: `https://example.com/bp.git${NUL}` }] }, /buildpack may not contain NUL/)
      await refused('PUT', '/apps/victim/buildpack-installations', { updates: [{ buildpack: `https://example.com/${NUL}x.git` }] }, /buildpack may not contain NUL/)
    })

    it('refuses NUL in emails, account names and token descriptions', async () => {
      await refused('POST', '/apps/victim/collaborators', { user: `a${NUL}@example.com` }, /valid email/)
      await refused('POST', '/berth/accounts', { email: 'named@example.com', name: `Eve${NUL}` }, /Name may not contain NUL/)
      await refused('POST', '/oauth/authorizations', { description: `cli${NUL}` }, /description may not contain NUL/)
    })

    it('answers a NUL in the URL with 400, whatever the route', async () => {
      for (const path of ['/apps/%00', '/apps/victim/releases/v1%00', '/apps/victim/config-vars?x=%00', '/%00.git/info/refs']) {
        const response = await server.request('GET', path)
        assert.deepEqual([response.status, response.body.id], [400, 'bad_request'], path)
      }
    })
  })
}
