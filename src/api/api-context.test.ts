import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { gitUrl, webUrl } from './api-context.js'

describe("an app's URLs", () => {
  it('put the app under the base domain, on the router port', () => {
    assert.equal(webUrl({ apiUrl: 'http://127.0.0.1:5000', domain: 'localhost', routerPort: 8080 }, 'demo'), 'http://demo.localhost:8080/')
    assert.equal(webUrl({ apiUrl: 'http://127.0.0.1:5000', domain: 'apps.example.com', routerPort: 39000 }, 'demo'), 'http://demo.apps.example.com:39000/')
  })

  it('leave out the router port when it is 80', () => {
    assert.equal(webUrl({ apiUrl: 'https://berth.example.com', domain: 'apps.example.com', routerPort: 80 }, 'demo'), 'http://demo.apps.example.com/')
  })

  // Heroku compat: the official CLI only recognises https:// git remotes.
  it('give git an https URL on the API host, whatever the API URL scheme', () => {
    assert.equal(gitUrl({ apiUrl: 'http://127.0.0.1:5000', domain: 'localhost', routerPort: 8080 }, 'demo'), 'https://127.0.0.1:5000/demo.git')
    assert.equal(gitUrl({ apiUrl: 'https://berth.example.com', domain: 'localhost', routerPort: 8080 }, 'demo'), 'https://berth.example.com/demo.git')
  })

  it('keep an IPv6 API host in brackets, and a path the public URL has', () => {
    assert.equal(gitUrl({ apiUrl: 'http://[::1]:5000', domain: 'localhost', routerPort: 8080 }, 'demo'), 'https://[::1]:5000/demo.git')
    assert.equal(gitUrl({ apiUrl: 'https://example.com:8443/berth/', domain: 'localhost', routerPort: 8080 }, 'demo'), 'https://example.com:8443/berth/demo.git')
  })
})
