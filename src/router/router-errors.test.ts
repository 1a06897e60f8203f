import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { errorPage, routerLogLine } from './router-errors.js'

describe('router log lines', () => {
  const base = { method: 'GET', path: '/', host: 'demo.localhost', requestId: 'abc', fwd: '127.0.0.1', protocol: 'http' as const }

  it("match Heroku's format for a served request", () => {
    assert.equal(routerLogLine(base, 'web.1', 0, 3, 200, 12),
      'at=info method=GET path="/" host=demo.localhost request_id=abc fwd="127.0.0.1" dyno=web.1 connect=0ms service=3ms status=200 bytes=12 protocol=http')
  })

  it('carry the code and description, with empty timings when no dyno was reached', () => {
    assert.equal(routerLogLine(base, '', null, null, 503, 0, 'H14'),
      'at=error code=H14 desc="No web processes running" method=GET path="/" host=demo.localhost request_id=abc fwd="127.0.0.1" dyno= connect= service= status=503 bytes=0 protocol=http')
    assert.match(routerLogLine(base, '', null, null, 503, 0, 'H80'), /^at=info code=H80 desc="Maintenance mode"/)
  })

  it('say which side hung up, with a client hanging up as a warning', () => {
    assert.equal(routerLogLine(base, 'web.1', 0, 250, 499, null, 'H27', 'client'),
      'sock=client at=warning code=H27 desc="Client Request Interrupted" method=GET path="/" host=demo.localhost request_id=abc fwd="127.0.0.1" dyno=web.1 connect=0ms service=250ms status=499 bytes= protocol=http')
    assert.match(routerLogLine(base, 'web.1', 0, 5, 503, 1024, 'H18', 'backend'), /^sock=backend at=error code=H18 desc="Server Request Interrupted" .* status=503 bytes=1024 protocol=http$/)
  })

  it('say https for a request that came over TLS', () => {
    assert.match(routerLogLine({ ...base, protocol: 'https' }, 'web.1', 0, 3, 200, 12), / status=200 bytes=12 protocol=https$/)
  })

  it('serve a maintenance page and a generic error page', () => {
    assert.match(errorPage('H80'), /maintenance mode/)
    assert.match(errorPage('H10'), /Application error/)
  })

  it("tell a blank app's owner how to deploy whichever CLI made its remote", () => {
    const page = errorPage('H81')
    assert.match(page, /<title>Nothing deployed yet<\/title>/)
    assert.match(page, /git push heroku main/)
    assert.match(page, /git push berth main/)
  })
})
