import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { sandboxResolvConf } from './sandbox-dns.js'

const STUB = '# This is /run/systemd/resolve/stub-resolv.conf\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch corp.example\n'
const UPSTREAMS = '# This is /run/systemd/resolve/resolv.conf\nnameserver 10.0.0.2\nnameserver 2001:db8::53\nsearch corp.example\n'

describe('sandboxResolvConf', () => {
  it("keeps the host's file when it names servers off loopback", () => {
    assert.deepEqual(sandboxResolvConf('nameserver 10.255.255.53\n', UPSTREAMS), { text: null, problem: null })
  })

  it("puts systemd-resolved's upstream servers in place of its stub, keeping the search and options lines", () => {
    const { text, problem } = sandboxResolvConf(STUB, UPSTREAMS)
    assert.equal(problem, null)
    assert.equal(text, '# This is /run/systemd/resolve/stub-resolv.conf\noptions edns0 trust-ad\nsearch corp.example\nnameserver 10.0.0.2\nnameserver 2001:db8::53\n')
  })

  it('leaves out loopback servers beside others, and uses no upstreams then', () => {
    const { text } = sandboxResolvConf('nameserver 127.0.0.1\nnameserver ::1\nnameserver 192.0.2.53\n', UPSTREAMS)
    assert.equal(text, 'nameserver 192.0.2.53\n')
  })

  it('says why names will not resolve when only loopback servers are known', () => {
    const { text, problem } = sandboxResolvConf('nameserver 127.0.0.1\n', null)
    assert.doesNotMatch(text ?? '', /nameserver/)
    assert.match(problem ?? '', /no DNS server a dyno or build in its own network can reach/)
  })

  it('treats a file naming no server (which means loopback) like a loopback one', () => {
    assert.equal(sandboxResolvConf('search corp.example\n', UPSTREAMS).text, 'search corp.example\nnameserver 10.0.0.2\nnameserver 2001:db8::53\n')
    assert.match(sandboxResolvConf('', null).problem ?? '', /no DNS server/)
  })
})
