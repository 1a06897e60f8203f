import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startTestServer, type StoreKind, type TestServer } from '../../test/support/test-server.js'
import { uploadSlugArchive } from '../../test/support/slug-archive.js'

for (const store of ['sqlite', 'postgres'] as StoreKind[]) {
  describe(`releases, config vars and rollback (${store})`, () => {
    let server: TestServer
    let counter = 0
    before(async () => { server = await startTestServer({ store }) })
    after(async () => server.close())

    const newApp = async () => {
      const name = `rel-${store}-${++counter}`
      assert.equal((await server.request('POST', '/apps', { body: { name } })).status, 201)
      return name
    }
    const deploy = async (app: string, commit: string) => {
      const slug = await server.request('POST', `/apps/${app}/slugs`, { body: { process_types: { web: 'node server.js' }, commit } })
      assert.equal(slug.status, 201, JSON.stringify(slug.body))
      assert.equal(slug.body.blob.method, 'put')
      await uploadSlugArchive(slug.body.blob.url, 'node-basic')
      const release = await server.request('POST', `/apps/${app}/releases`, { body: { slug: slug.body.id } })
      assert.equal(release.status, 201, JSON.stringify(release.body))
      return release.body
    }
    const latest = async (app: string) => (await server.request('GET', `/apps/${app}/releases`, { headers: { Range: 'version ..; order=desc,max=1' } })).body[0]

    it('sets and removes config vars, each a release that exists when PATCH returns', async () => {
      const app = await newApp()
      const set = await server.request('PATCH', `/apps/${app}/config-vars`, { body: { FOO: 'bar', BAZ: 'qux' } })
      assert.equal(set.status, 200)
      assert.deepEqual(set.body, { FOO: 'bar', BAZ: 'qux' })
      assert.deepEqual([(await latest(app)).version, (await latest(app)).description], [3, 'Set FOO, BAZ config vars'])
      const unset = await server.request('PATCH', `/apps/${app}/config-vars`, { body: { FOO: null } })
      assert.deepEqual(unset.body, { BAZ: 'qux' })
      assert.equal((await latest(app)).description, 'Remove FOO config vars')
      const mixed = await server.request('PATCH', `/apps/${app}/config-vars`, { body: { NEW: '1', BAZ: null } })
      assert.deepEqual(mixed.body, { NEW: '1' })
      assert.equal((await latest(app)).description, 'Set NEW and remove BAZ config vars')
      assert.deepEqual((await server.request('GET', `/apps/${app}/config-vars`)).body, { NEW: '1' })
    })

    it('makes no release for a patch that changes nothing', async () => {
      const app = await newApp()
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { A: '1' } })
      const again = await server.request('PATCH', `/apps/${app}/config-vars`, { body: { A: '1', MISSING: null } })
      assert.deepEqual([again.status, again.body], [200, { A: '1' }])
      assert.equal((await latest(app)).version, 3)
    })

    it('refuses bad config input with the right error and creates no release', async () => {
      const app = await newApp()
      const cases: [unknown, number, string, RegExp][] = [
        [{ 'BAD-KEY': 'x' }, 422, 'invalid_params', /BAD-KEY/],
        [{ NESTED: { a: 1 } }, 422, 'invalid_params', /NESTED/],
        [['A'], 422, 'invalid_params', /object/],
        [{ HUGE: 'x'.repeat(33 * 1024) }, 422, 'invalid_params', /HUGE/],
      ]
      for (const [body, status, id, message] of cases) {
        const response = await server.request('PATCH', `/apps/${app}/config-vars`, { body })
        assert.equal(response.status, status, JSON.stringify(body).slice(0, 40))
        assert.equal(response.body.id, id)
        assert.match(response.body.message, message)
      }
      const malformed = await server.request('PATCH', `/apps/${app}/config-vars`, { rawBody: '{"A": ', headers: { 'Content-Type': 'application/json' } })
      assert.deepEqual([malformed.status, malformed.body.id], [400, 'bad_request'])
      const tooBig = await server.request('PATCH', `/apps/${app}/config-vars`, { body: { A: 'x'.repeat(1024 * 1024 + 10) } })
      assert.deepEqual([tooBig.status, tooBig.body.id], [413, 'payload_too_large'])
      assert.equal((await latest(app)).version, 2, 'no release was created')
    })

    it('keeps secrets out of error messages and API events', async () => {
      const app = await newApp()
      const secret = 'super-secret-value-123'
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { TOKEN: secret } })
      const big = await server.request('PATCH', `/apps/${app}/config-vars`, { body: { TOKEN: secret + 'x'.repeat(40_000) } })
      assert.ok(!JSON.stringify(big.body).includes(secret))
      const { body: info } = await server.request('GET', `/apps/${app}`)
      const lines = server.logs.recent(info.id, 100).map((l) => `${l.source}[${l.process}]: ${l.message}`)
      assert.ok(lines.includes('app[api]: Set TOKEN config vars by user admin@example.com'), lines.join('\n'))
      assert.ok(lines.includes('app[api]: Release v3 created by user admin@example.com'), lines.join('\n'))
      assert.ok(lines.every((line) => !line.includes(secret)))
    })

    it('shows each release and its config snapshot by version, vN or uuid', async () => {
      const app = await newApp()
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { FOO: 'one' } })
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { FOO: 'two' } })
      const v3 = await server.request('GET', `/apps/${app}/releases/3`)
      assert.equal(v3.body.description, 'Set FOO config vars')
      for (const ref of ['v3', v3.body.id, v3.body.id.toUpperCase()]) {
        assert.equal((await server.request('GET', `/apps/${app}/releases/${ref}`)).body.version, 3, ref)
      }
      assert.deepEqual((await server.request('GET', `/apps/${app}/releases/3/config-vars`)).body, { FOO: 'one' })
      assert.deepEqual((await server.request('GET', `/apps/${app}/releases/v4/config-vars`)).body, { FOO: 'two' })
      const fields = Object.keys(v3.body).sort()
      for (const field of ['id', 'version', 'description', 'status', 'current', 'eligible_for_rollback', 'output_stream_url', 'slug', 'user', 'addon_plan_names', 'app', 'created_at', 'updated_at']) {
        assert.ok(fields.includes(field), field)
      }
      for (const ref of ['99', 'v0', 'nope', '00000000-0000-0000-0000-000000000000']) {
        const missing = await server.request('GET', `/apps/${app}/releases/${ref}`)
        assert.deepEqual([missing.status, missing.body.resource], [404, 'release'], ref)
      }
    })

    it('pages releases with Range, only sending Next-Range when truncated', async () => {
      const app = await newApp()
      for (let i = 0; i < 20; i++) await server.request('PATCH', `/apps/${app}/config-vars`, { body: { [`K${i}`]: 'v' } })
      const page = await server.request('GET', `/apps/${app}/releases`, { headers: { Range: 'version ..; max=15, order=desc' } })
      assert.equal(page.status, 206)
      assert.deepEqual(page.body.map((r: any) => r.version), Array.from({ length: 15 }, (_, i) => 22 - i))
      assert.equal(page.headers.get('content-range'), 'version 22..8')
      assert.equal(page.headers.get('next-range'), 'version ]8..; max=15, order=desc')
      const rest = await server.request('GET', `/apps/${app}/releases`, { headers: { Range: page.headers.get('next-range')! } })
      assert.equal(rest.status, 200)
      assert.deepEqual(rest.body.map((r: any) => r.version), [7, 6, 5, 4, 3, 2, 1])
      assert.equal(rest.headers.get('next-range'), null)
      const exact = await server.request('GET', `/apps/${app}/releases`, { headers: { Range: 'version 1..22; max=22' } })
      assert.deepEqual([exact.status, exact.body.length, exact.headers.get('next-range')], [200, 22, null])
      const empty = await server.request('GET', `/apps/${app}/releases`, { headers: { Range: '' } })
      assert.deepEqual([empty.status, empty.body[0].version], [200, 1])
      for (const bad of ['version ..; max=0', 'version ..; order=up', 'version abc..; max=2']) {
        const response = await server.request('GET', `/apps/${app}/releases`, { headers: { Range: bad } })
        assert.deepEqual([response.status, response.body.id], [416, 'requested_range_not_satisfiable'], bad)
      }
    })

    it("adds Heroku's extended slug fields only with ?extended=true", async () => {
      const app = await newApp()
      const v3 = await deploy(app, '0a1b2c3d4e5f6a7b8c9d')
      const list = (await server.request('GET', `/apps/${app}/releases?extended=true`)).body
      assert.deepEqual(list.map((r: any) => [r.version, r.extended]), [
        [1, { slug_id: null, slug_uuid: null }], [2, { slug_id: null, slug_uuid: null }], [3, { slug_id: v3.slug.id, slug_uuid: v3.slug.id }],
      ])
      assert.deepEqual((await server.request('GET', `/apps/${app}/releases/3?extended=true`)).body.extended, { slug_id: v3.slug.id, slug_uuid: v3.slug.id })
      assert.equal('extended' in (await server.request('GET', `/apps/${app}/releases/3`)).body, false)
    })

    it('rolls back to a deploy, copying its slug and config into a new current release', async () => {
      const app = await newApp()
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { GREETING: 'hello' } })
      const v4 = await deploy(app, '1a2b3c4d5e6f7a8b9c0d')
      assert.deepEqual([v4.version, v4.description, v4.current, v4.eligible_for_rollback], [4, 'Deploy 1a2b3c4d', true, true])
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { GREETING: 'bye', EXTRA: '1' } })
      await deploy(app, 'ffffeeeeddddccccbbbb')

      const rollback = await server.request('POST', `/apps/${app}/releases`, { body: { release: v4.id } })
      assert.equal(rollback.status, 201)
      assert.deepEqual([rollback.body.version, rollback.body.description, rollback.body.current], [7, 'Rollback to v4', true])
      assert.equal(rollback.body.slug.id, v4.slug.id)
      assert.deepEqual((await server.request('GET', `/apps/${app}/config-vars`)).body, { GREETING: 'hello' })
      const list = (await server.request('GET', `/apps/${app}/releases`)).body
      assert.deepEqual(list.filter((r: any) => r.current).map((r: any) => r.version), [7], 'exactly one current release')

      const byVersion = await server.request('POST', `/apps/${app}/releases`, { body: { release: 6 } })
      assert.deepEqual([byVersion.status, byVersion.body.description], [201, 'Rollback to v6'])
      assert.deepEqual((await server.request('GET', `/apps/${app}/config-vars`)).body, { GREETING: 'bye', EXTRA: '1' })
    })

    it('refuses ineligible and unknown rollback targets without creating a release', async () => {
      const app = await newApp()
      await server.request('PATCH', `/apps/${app}/config-vars`, { body: { A: '1' } })
      await deploy(app, 'abcdef0123456789')
      const cases: [unknown, number, RegExp][] = [
        [1, 422, /initial setup/],
        ['v2', 422, /initial setup/],
        [3, 422, /predates the first deploy/],
        [99, 404, /Couldn't find that release/],
        ['00000000-0000-0000-0000-000000000000', 404, /Couldn't find that release/],
      ]
      for (const [release, status, message] of cases) {
        const response = await server.request('POST', `/apps/${app}/releases`, { body: { release } })
        assert.equal(response.status, status, String(release))
        assert.match(response.body.message, message)
      }
      const v3 = await server.request('GET', `/apps/${app}/releases/3`)
      assert.equal(v3.body.eligible_for_rollback, false)
      assert.equal((await latest(app)).version, 4)
      const neither = await server.request('POST', `/apps/${app}/releases`, { body: {} })
      assert.deepEqual([neither.status, neither.body.id], [422, 'invalid_params'])
      const unknownSlug = await server.request('POST', `/apps/${app}/releases`, { body: { slug: '00000000-0000-0000-0000-000000000000' } })
      assert.deepEqual([unknownSlug.status, unknownSlug.body.resource], [404, 'slug'])
    })

    it('gives 200 concurrent config:set calls 200 contiguous releases and keeps every key', async () => {
      const app = await newApp()
      const responses = await Promise.all(Array.from({ length: 200 }, (_, i) =>
        server.request('PATCH', `/apps/${app}/config-vars`, { body: { [`KEY_${i}`]: `value-${i}` } })))
      assert.ok(responses.every((r) => r.status === 200))
      const { body: releases } = await server.request('GET', `/apps/${app}/releases`, { headers: { Range: 'version ..; max=1000' } })
      assert.deepEqual(releases.map((r: any) => r.version), Array.from({ length: 202 }, (_, i) => i + 1))
      assert.deepEqual(releases.filter((r: any) => r.current).map((r: any) => r.version), [202])
      const config = (await server.request('GET', `/apps/${app}/config-vars`)).body
      assert.equal(Object.keys(config).length, 200)
      assert.equal(config.KEY_137, 'value-137')
    })
  })
}
