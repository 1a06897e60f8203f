import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { boundPort, certificateHosts, listeningUrls, rendezvousBaseUrl, urlHost } from './server-urls.js'

describe('the URLs the server is reached at', () => {
  it('publishes the listening address by default, and calls the git hook back on it', () => {
    assert.deepEqual(listeningUrls({ host: '127.0.0.1', publicUrl: 'http://127.0.0.1:5000' }, { api: 5000, router: 8080, routerTls: 8443 }), {
      apiUrl: 'http://127.0.0.1:5000',
      routerUrl: 'http://127.0.0.1:8080',
      routerTlsUrl: 'https://127.0.0.1:8443',
      internalUrl: 'http://127.0.0.1:5000',
      publicApiUrl: 'http://127.0.0.1:5000',
    })
  })

  it('uses the port the system chose when port 0 was asked for', () => {
    assert.equal(boundPort({ address: '127.0.0.1', family: 'IPv4', port: 43121 }, 0), 43121)
    // With BERTH_API_PORT=0 the config has no public URL: the chosen port is what users are given.
    const urls = listeningUrls({ host: '127.0.0.1', publicUrl: null }, { api: 43121, router: 39000, routerTls: 39001 })
    assert.equal(urls.publicApiUrl, 'http://127.0.0.1:43121')
    assert.equal(urls.routerUrl, 'http://127.0.0.1:39000')
    assert.equal(urls.routerTlsUrl, 'https://127.0.0.1:39001')
  })

  it('falls back to the requested port when the listener reports no address or a pipe', () => {
    assert.equal(boundPort(null, 5000), 5000)
    assert.equal(boundPort('/run/berth.sock', 5000), 5000)
  })

  it('puts an IPv6 host in brackets', () => {
    assert.equal(urlHost('::1'), '[::1]')
    assert.equal(urlHost('berth.example.com'), 'berth.example.com')
    assert.deepEqual(listeningUrls({ host: '::1', publicUrl: null }, { api: 5000, router: 8080, routerTls: 8443 }), {
      apiUrl: 'http://[::1]:5000',
      routerUrl: 'http://[::1]:8080',
      routerTlsUrl: 'https://[::1]:8443',
      internalUrl: 'http://[::1]:5000',
      publicApiUrl: 'http://[::1]:5000',
    })
  })

  it('calls the git hook back over loopback when listening on every interface', () => {
    assert.equal(listeningUrls({ host: '0.0.0.0', publicUrl: null }, { api: 5000, router: 8080, routerTls: 8443 }).internalUrl, 'http://127.0.0.1:5000')
    const everyIpv6 = listeningUrls({ host: '::', publicUrl: null }, { api: 5000, router: 8080, routerTls: 8443 })
    assert.equal(everyIpv6.internalUrl, 'http://127.0.0.1:5000')
    assert.equal(everyIpv6.apiUrl, 'http://[::]:5000')
  })

  it('gives users the public URL, https and all, while printing where it listens', () => {
    const urls = listeningUrls({ host: '0.0.0.0', publicUrl: 'https://berth.example.com' }, { api: 5000, router: 80, routerTls: 443 })
    assert.equal(urls.publicApiUrl, 'https://berth.example.com')
    assert.equal(urls.apiUrl, 'http://0.0.0.0:5000')
    assert.equal(urls.routerUrl, 'http://0.0.0.0:80')
    assert.equal(urls.routerTlsUrl, 'https://0.0.0.0:443')
    assert.equal(urls.internalUrl, 'http://127.0.0.1:5000')
  })
})

describe("heroku run's rendezvous address", () => {
  it("is the public URL's host, whatever its scheme and port", () => {
    assert.equal(rendezvousBaseUrl({ host: '0.0.0.0', publicUrl: 'https://berth.example.com:8443/' }, 5001), 'rendezvous://berth.example.com:5001')
  })

  it('brackets an IPv6 public host once (BERTH_HOST=::1 makes the public URL http://[::1]:5000)', () => {
    assert.equal(rendezvousBaseUrl({ host: '::1', publicUrl: 'http://[::1]:5000' }, 5001), 'rendezvous://[::1]:5001')
  })

  it('is the listening host without a public URL, loopback in place of every interface', () => {
    assert.equal(rendezvousBaseUrl({ host: '10.0.0.5', publicUrl: null }, 5001), 'rendezvous://10.0.0.5:5001')
    assert.equal(rendezvousBaseUrl({ host: '0.0.0.0', publicUrl: null }, 5001), 'rendezvous://127.0.0.1:5001')
    assert.equal(rendezvousBaseUrl({ host: '::', publicUrl: null }, 5001), 'rendezvous://127.0.0.1:5001')
    assert.equal(rendezvousBaseUrl({ host: '::1', publicUrl: null }, 41000), 'rendezvous://[::1]:41000')
  })
})

describe("the local certificate's names", () => {
  it('cover loopback, and the listening host once', () => {
    assert.deepEqual(certificateHosts('127.0.0.1'), ['localhost', '127.0.0.1', '::1'])
    assert.deepEqual(certificateHosts('berth.internal'), ['localhost', '127.0.0.1', '::1', 'berth.internal'])
  })

  it('leave out a wildcard, which no client connects to', () => {
    assert.deepEqual(certificateHosts('0.0.0.0'), ['localhost', '127.0.0.1', '::1'])
    assert.deepEqual(certificateHosts('::'), ['localhost', '127.0.0.1', '::1'])
  })
})
