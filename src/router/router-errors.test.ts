import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { errorPage, routerLogLine } from './router-errors.js'

describe('router log lines', () => {
  const base = { method: 'GET', path: '/', host: 'demo.localhost', requestId: 'abc', fwd: '127.0.0.1', bytes: 12 }

  it("match Heroku's format for a served request", () => {
    assert.equal(routerLogLine({ ...base, dyno: 'web.1', connectMs: 0, serviceMs: 3, status: 200 }),
      'at=info method=GET path="/" host=demo.localhost request_id=abc fwd="127.0.0.1" dyno=web.1 connect=0ms service=3ms status=200 bytes=12 protocol=http')
  })

  it('carry the code and description, with empty timings when no dyno was reached', () => {
    assert.equal(routerLogLine({ ...base, code: 'H14', dyno: '', connectMs: null, serviceMs: null, status: 503, bytes: 0 }),
      'at=error code=H14 desc="No web processes running" method=GET path="/" host=demo.localhost request_id=abc fwd="127.0.0.1" dyno= connect= service= status=503 bytes=0 protocol=http')
    assert.match(routerLogLine({ ...base, code: 'H80', dyno: '', connectMs: null, serviceMs: null, status: 503, bytes: 0 }), /^at=info code=H80 desc="Maintenance mode"/)
  })

  it('serve a maintenance page and a generic error page', () => {
    assert.match(errorPage('H80'), /maintenance mode/)
    assert.match(errorPage('H10'), /Application error/)
  })
})
