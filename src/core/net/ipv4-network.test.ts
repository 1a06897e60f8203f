import assert from 'node:assert/strict'
import { it } from 'node:test'
import { formatIpv4, parseIpv4, parseIpv4Network } from './ipv4-network.js'

it('reads and writes dotted IPv4 addresses as numbers, and refuses what is not one', () => {
  assert.equal(parseIpv4('10.214.0.2'), 10 * 2 ** 24 + 214 * 2 ** 16 + 2)
  assert.equal(formatIpv4(parseIpv4('192.168.255.1')), '192.168.255.1')
  for (const bad of ['10.214.0', '10.214.0.256', '10.214.0.x', '', '1.2.3.4.5']) assert.ok(Number.isNaN(parseIpv4(bad)), bad)
})

it('reads a CIDR range with its host bits cleared, from /8 to /28 only', () => {
  assert.deepEqual(parseIpv4Network('10.214.3.7/20'), { base: parseIpv4('10.214.0.0'), prefix: 20 })
  assert.equal(parseIpv4Network('10.0.0.0/29'), null)
  assert.equal(parseIpv4Network('10.0.0.0/7'), null)
})
