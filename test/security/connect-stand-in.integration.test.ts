import assert from 'node:assert/strict'
import { connect } from 'node:net'
import { after, before, describe, it } from 'node:test'
import { ADMIN_KEY, startTestServer, type TestServer } from '../support/test-server.js'

/** The first line the API port answers a CONNECT with. */
function connectTo(apiUrl: string, target: string): Promise<string> {
  const url = new URL(apiUrl)
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`))
    let seen = ''
    socket.on('data', (chunk) => {
      seen += chunk.toString('latin1')
      if (seen.includes('\r\n')) { socket.destroy(); resolve(seen.split('\r\n')[0]!) }
    })
    socket.on('error', reject)
  })
}

// pipelines:diff reaches Berth as the CLI's HTTPS proxy; that must never make Berth a proxy to anywhere else,
// nor make its compare-only token worth more than comparisons the holder could make anyway.
describe('the stand-ins for Heroku\'s GitHub link', () => {
  let server: TestServer
  before(async () => { server = await startTestServer() })
  after(async () => server.close())

  it('tunnels only to the two stand-in hosts, never onward', async () => {
    assert.equal(await connectTo(server.apiUrl, 'kolkrabbi.heroku.com:443'), 'HTTP/1.1 200 Connection Established')
    assert.equal(await connectTo(server.apiUrl, 'api.github.com:443'), 'HTTP/1.1 200 Connection Established')
    for (const target of ['example.com:443', '127.0.0.1:22', 'api.github.com:80', 'api.github.com.evil.example:443', `127.0.0.1:${new URL(server.apiUrl).port}`]) {
      assert.equal(await connectTo(server.apiUrl, target), 'HTTP/1.1 403 Forbidden', target)
    }
  })

  it('compares only with a compare token, and only in pipelines its holder can see', async () => {
    const strangerToken = await server.createUser('compare-stranger@example.com')
    const app = (await server.request('POST', '/apps', { body: { name: 'compare-app' } })).body
    const pipeline = (await server.request('POST', '/pipelines', { body: { name: 'compare-shop' } })).body
    await server.request('POST', '/pipeline-couplings', { body: { app: app.id, pipeline: pipeline.id, stage: 'staging' } })
    const link = await server.request('GET', `/apps/${app.id}/github`)
    assert.equal(link.body.repo, `berth-pipeline/${pipeline.id}`)
    assert.equal((await server.request('GET', `/apps/${app.id}/github`, { token: strangerToken })).status, 404)
    const range = `${'a'.repeat(40)}...${'b'.repeat(40)}`
    const compare = (token: string) => server.request('GET', `/repos/${link.body.repo}/compare/${range}`, { token: null, headers: { Authorization: `token ${token}` } })
    const strangers = (await server.request('GET', '/account/github/token', { token: strangerToken })).body.github.token
    assert.equal((await compare(strangers)).status, 404, "a stranger's token sees nothing of the pipeline")
    assert.equal((await compare(ADMIN_KEY)).status, 404, 'an API key is not a compare token')
    const mine = (await server.request('GET', '/account/github/token')).body.github.token
    assert.equal((await compare(mine)).status, 404, 'unknown commits are not found')
    assert.equal((await server.request('GET', '/apps', { token: null, headers: { Authorization: `Bearer ${mine}` } })).status, 401, 'the compare token is no API key')
  })
})
