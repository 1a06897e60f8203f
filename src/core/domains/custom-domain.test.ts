import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PlatformError } from '../errors/platform-error.js'
import { checkDomainClaim, parseCustomDomain, type HeldDomain } from './custom-domain.js'

const invalid = (pattern: RegExp) => (error: unknown) => error instanceof PlatformError && error.id === 'invalid_params' && pattern.test(error.message)

describe('parseCustomDomain', () => {
  it('lower-cases names and wildcards and drops a trailing dot', () => {
    assert.equal(parseCustomDomain('WWW.Example.COM.'), 'www.example.com')
    assert.equal(parseCustomDomain('*.example.com'), '*.example.com')
    assert.equal(parseCustomDomain('xn--bcher-kva.example'), 'xn--bcher-kva.example')
    assert.equal(parseCustomDomain('1password.example.com'), '1password.example.com')
  })

  it('refuses IP addresses in every form a Host header or URL can spell them', () => {
    const addresses = [
      '127.0.0.1', '127.1', '0x7f.0.0.1', '0x7f.1', '2130706433', '017700000001', '010.0.0.1', '1.2.3.4', '169.254.169.254', '0.0.0.0',
      '127.0.0.1.', '*.0.0.1', '::1', '[::1]', '::ffff:127.0.0.1', '[::ffff:7f00:1]', 'fe80::1', '[fe80::1%25eth0]', 'example.com.0x',
    ]
    for (const address of addresses) assert.throws(() => parseCustomDomain(address), invalid(/is an IP address/), address)
  })

  it('refuses localhost and every name under it', () => {
    for (const name of ['localhost', 'LOCALHOST.', 'app.localhost', '*.localhost', '*.a.localhost']) {
      assert.throws(() => parseCustomDomain(name), invalid(/localhost/), name)
    }
  })

  it('still refuses what is not a hostname at all', () => {
    for (const value of ['', 'com', '*.com', 'a..b', '-a.com', 'a_b.com', 'a.b/c', 42, null]) {
      assert.throws(() => parseCustomDomain(value), invalid(/not a valid hostname/), String(value))
    }
  })
})

describe('checkDomainClaim', () => {
  const held: HeldDomain[] = [
    { hostname: 'www.victim.example', appId: 'victim-app', ownerId: 'victim' },
    { hostname: '*.wild.example', appId: 'victim-app', ownerId: 'victim' },
    { hostname: 'apex.example', appId: 'victim-app', ownerId: 'victim' },
  ]
  const claim = (hostname: string, ownerId = 'attacker', platformDomain = 'localhost') => () => checkDomainClaim(hostname, { ownerId }, { platformDomain, held })

  it('refuses a wildcard over a name another account holds, and a name under another account\'s wildcard', () => {
    assert.throws(claim('*.victim.example'), invalid(/overlaps www\.victim\.example, a domain of another account's app/))
    assert.throws(claim('api.wild.example'), invalid(/overlaps \*\.wild\.example/))
    assert.throws(claim('a.b.wild.example'), invalid(/overlaps \*\.wild\.example/))
    assert.throws(claim('wild.example'), invalid(/overlaps \*\.wild\.example/))
    assert.throws(claim('*.wild.example'.replace('*.', '*.x.')), invalid(/overlaps \*\.wild\.example/))
  })

  it('refuses names nested with another account\'s name in either direction', () => {
    assert.throws(claim('*.apex.example'), invalid(/overlaps apex\.example/))
    assert.throws(claim('shop.apex.example'), invalid(/overlaps apex\.example/))
    assert.throws(claim('victim.example'), invalid(/overlaps www\.victim\.example/))
  })

  it('lets one owner nest names across their own apps, and anyone take unrelated names', () => {
    for (const name of ['*.victim.example', 'api.wild.example', 'shop.apex.example']) assert.doesNotThrow(claim(name, 'victim'))
    for (const name of ['www.example.org', '*.other.example', 'victim.example.org', 'notvictim.example']) assert.doesNotThrow(claim(name))
  })

  it('refuses Berth\'s own domain, names under it, and a wildcard over it', () => {
    assert.throws(claim('apps.example.com', 'attacker', 'apps.example.com'), invalid(/where Berth serves its own app addresses/))
    assert.throws(claim('other.apps.example.com', 'attacker', 'apps.example.com'), invalid(/Berth/))
    assert.throws(claim('*.apps.example.com', 'attacker', 'apps.example.com'), invalid(/Berth/))
    assert.throws(claim('*.example.com', 'attacker', 'apps.example.com'), invalid(/Berth/))
    assert.doesNotThrow(claim('example.com', 'attacker', 'apps.example.com'))
  })
})
