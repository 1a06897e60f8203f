import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { it } from 'node:test'
import { nodeFenceRules } from './node-fence.js'

const options = { dynoPorts: { first: 20000, last: 29999 }, slugServer: { host: '10.0.0.1', port: 5081 }, addonPorts: [5432, 6379], nodeAddresses: ['10.0.0.1', '10.0.0.2'] }
const nftChecks = process.getuid?.() === 0 && spawnSync('nft', ['--version']).status === 0

it('lets a dyno open nothing on its node but, on Berth\'s machine, the slug server and the add-on relays; and no dyno port anywhere', () => {
  const berth = nodeFenceRules({ ...options, berthMachine: true })
  const other = nodeFenceRules({ ...options, berthMachine: false })
  const input = (rules: string) => rules.slice(rules.indexOf('chain input'), rules.indexOf('chain forward'))
  const forward = (rules: string) => rules.slice(rules.indexOf('chain forward'))
  // Replies first, then the one exception, then the drop.
  assert.match(input(berth), /established,related accept\n.*ip daddr 10\.0\.0\.1 tcp dport \{ 5081, 5432, 6379 \} accept\n.*iifname "docker_gwbridge" drop/)
  assert.doesNotMatch(input(other), /5081|5432|6379/)
  for (const rules of [berth, other]) {
    assert.match(forward(rules), /established,related accept\n.*tcp dport 20000-29999 drop\n.*ip daddr 10\.0\.0\.1 tcp dport \{ 5081, 5432, 6379 \} accept\n.*ip daddr \{ 10\.0\.0\.1, 10\.0\.0\.2 \} drop\n.*ip daddr 169\.254\.0\.0\/16 drop/)
  }
})

it('is a ruleset nftables accepts, and loading it twice replaces it', { skip: !nftChecks && 'needs root and nft' }, () => {
  const rules = nodeFenceRules({ ...options, berthMachine: false })
  const checked = spawnSync('nft', ['-c', '-f', '-'], { input: rules + rules, encoding: 'utf8' })
  assert.deepEqual([checked.status, checked.stderr], [0, ''])
})
