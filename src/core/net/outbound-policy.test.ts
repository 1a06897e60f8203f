import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { classifyAddress } from './classify-address.js'
import { outboundProblem, parseNetworkList } from './outbound-policy.js'
import { cidrContains, parseCidr, parseIp } from './parse-ip.js'

const kind = (address: string) => classifyAddress(parseIp(address)!)

describe('parseIp', () => {
  it('reads dotted quads and every IPv6 spelling Node and DNS print', () => {
    assert.deepEqual([...parseIp('192.168.0.1')!], [192, 168, 0, 1])
    assert.deepEqual([...parseIp('::1')!], [...Array(15).fill(0), 1])
    assert.deepEqual([...parseIp('::ffff:127.0.0.1')!].slice(10), [0xff, 0xff, 127, 0, 0, 1])
    assert.deepEqual(parseIp('::ffff:7f00:1'), parseIp('::ffff:127.0.0.1'))
    assert.deepEqual(parseIp('fe80::1%eth0'), parseIp('fe80::1'))
    assert.deepEqual(parseIp('1:2:3:4:5:6:7:8')!.length, 16)
    assert.deepEqual(parseIp('::'), new Uint8Array(16))
  })

  it('is null for names and malformed addresses', () => {
    for (const text of ['', 'localhost', '127.1', '0x7f.0.0.1', '256.0.0.1', '01.2.3.4', '1.2.3.4.5', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1.2.3.4::', '[::1]', '12345::', 'g::1']) {
      assert.equal(parseIp(text), null, text)
    }
  })
})

describe('classifyAddress', () => {
  it('names every internal IPv4 range', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'], ['10.1.2.3', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'], ['169.254.169.254', 'link-local'], ['100.64.0.1', 'shared'], ['100.127.255.255', 'shared'], ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'], ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'], ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'],
      ['192.0.0.170', 'reserved'], ['192.0.2.1', 'documentation'], ['198.51.100.7', 'documentation'], ['203.0.113.9', 'documentation'], ['198.18.0.1', 'benchmarking'],
    ]
    for (const [address, expected] of cases) assert.equal(kind(address), expected, address)
  })

  it('names every internal IPv6 range, and what an embedded IPv4 address is', () => {
    const cases: [string, string][] = [
      ['::1', 'loopback'], ['::', 'unspecified'], ['fe80::1', 'link-local'], ['febf::1', 'link-local'], ['fc00::1', 'unique-local'], ['fd12:3456::1', 'unique-local'],
      ['fec0::1', 'private'], ['ff02::1', 'multicast'], ['2001:db8::1', 'documentation'], ['2001::1', 'reserved'], ['100::1', 'reserved'], ['::1.2.3.4', 'reserved'],
      ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:169.254.169.254', 'link-local'], ['::ffff:10.0.0.1', 'private'],
      ['64:ff9b::a9fe:a9fe', 'link-local'], ['2002:7f00:1::', 'loopback'], ['2002:c0a8:101::1', 'private'], ['4000::1', 'reserved'],
    ]
    for (const [address, expected] of cases) assert.equal(kind(address), expected, address)
  })

  it('calls the internet public', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '172.32.0.1', '100.128.0.1', '169.255.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1']) {
      assert.equal(kind(address), 'public', address)
    }
  })
})

describe('outboundProblem', () => {
  it('refuses internal addresses, naming what they are', () => {
    assert.equal(outboundProblem('169.254.169.254', []), '169.254.169.254 is a link-local address')
    assert.equal(outboundProblem('::', []), ':: is an unspecified address')
    assert.equal(outboundProblem('8.8.8.8', []), null)
  })

  it('lets the operator allow networks, IPv4 ones matching IPv4-mapped addresses too', () => {
    const allow = parseNetworkList('127.0.0.1/32, 10.0.0.0/8 fd00::/8')
    assert.ok(Array.isArray(allow))
    assert.equal(outboundProblem('127.0.0.1', allow), null)
    assert.equal(outboundProblem('::ffff:127.0.0.1', allow), null)
    assert.equal(outboundProblem('10.200.0.1', allow), null)
    assert.equal(outboundProblem('fd00::5', allow), null)
    assert.equal(outboundProblem('127.0.0.2', allow), '127.0.0.2 is a loopback address')
    assert.equal(outboundProblem('::1', allow), '::1 is a loopback address')
  })

  it('reads network lists and names the first bad entry', () => {
    assert.deepEqual(parseNetworkList(''), [])
    assert.deepEqual(parseNetworkList('10.0.0.0/8,nonsense'), { invalid: 'nonsense' })
    assert.deepEqual(parseNetworkList('10.0.0.0/33'), { invalid: '10.0.0.0/33' })
    assert.deepEqual(parseNetworkList('::/129'), { invalid: '::/129' })
    assert.ok(cidrContains(parseCidr('0.0.0.0/0')!, parseIp('1.2.3.4')!))
    assert.ok(!cidrContains(parseCidr('0.0.0.0/0')!, parseIp('::1')!))
  })
})
