import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { berthCli } from '../support/berth-cli.js'
import { testCa } from '../support/test-pki.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_berth_cli_certs_key_01234'

/** Our `berth` CLI's certs commands and domains:update, as a user drives them. */
describe('berth CLI: certs, certs:add, certs:info, certs:update, certs:remove, domains:update', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof berthCli>
  const dir = mkdtempSync(join(tmpdir(), 'berth-cli-certs-'))
  const berthOk = (...args: string[]) => cli.ok([...args, '-a', 'vault'], { cwd: dir })

  before(async () => {
    // An ACME directory nothing answers at (on loopback): ACM's orders fail, with the reason.
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_ACME_DIRECTORY_URL: 'https://127.0.0.1:9/directory', BERTH_ACM_RETRY: '60' })
    cli = berthCli(berth.apiUrl, { BERTH_API_KEY: KEY })
    await cli.ok(['apps:create', 'vault', '--no-remote'])
  })
  after(async () => berth?.stop())

  it('adds a certificate, lists it, chooses it for a domain, shows, renews and removes it', async () => {
    const ca = await testCa()
    const first = await ca.issue(['www.vault.example'])
    writeFileSync(join(dir, 'www.crt'), first.cert)
    writeFileSync(join(dir, 'www.key'), first.key)
    assert.match((await berthOk('certs')).stdout, /vault has no SSL certificates\./)
    const added = (await berthOk('certs:add', 'www.crt', 'www.key')).stdout
    const name = /Name: +([a-z]+-\d{5})/.exec(added)?.[1]
    assert.ok(name, added)
    assert.match(added, /Common Name\(s\): +www\.vault\.example\n/)
    assert.match(added, /SSL certificate is not trusted\./)
    assert.match((await berthOk('certs')).stdout, new RegExp(`${name} +www\\.vault\\.example +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC +False +SNI +0`))
    await berthOk('domains:add', 'www.vault.example', '--cert', name!)
    assert.match((await berthOk('domains')).stdout, new RegExp(`www\\.vault\\.example +vault\\.localhost +${name}`))
    assert.match((await berthOk('certs:info')).stdout, /Domain\(s\): +www\.vault\.example/)
    await berthOk('domains:update', 'www.vault.example', '--no-cert')
    assert.doesNotMatch((await berthOk('domains')).stdout, new RegExp(name!))
    await berthOk('domains:update', 'www.vault.example', '--cert', name!)

    const narrower = await ca.issue(['api.vault.example'])
    writeFileSync(join(dir, 'api.crt'), narrower.cert)
    writeFileSync(join(dir, 'api.key'), narrower.key)
    const refused = await cli.run(['certs:update', 'api.crt', 'api.key', '--confirm', 'vault', '-a', 'vault'], { cwd: dir })
    assert.notEqual(refused.code, 0)
    assert.match(refused.stderr, /does not cover www\.vault\.example/)
    const missing = await cli.run(['certs:add', 'nope.crt', 'www.key', '-a', 'vault'], { cwd: dir })
    assert.match(missing.stderr, /Could not read nope\.crt: no such file/)

    const renewed = await ca.issue(['www.vault.example', 'vault.example'])
    writeFileSync(join(dir, 'www.crt'), renewed.cert)
    writeFileSync(join(dir, 'www.key'), renewed.key)
    assert.match((await berthOk('certs:update', 'www.crt', 'www.key', '--confirm', 'vault')).stdout, /Common Name\(s\): +www\.vault\.example, vault\.example/)
    await berthOk('certs:remove', '--confirm', 'vault')
    assert.match((await berthOk('certs')).stdout, /vault has no SSL certificates\./)
  })

  it('certs:auto shows ACM off, then each domain\'s status and why it fails; refresh and disable', async () => {
    assert.match((await berthOk('certs:auto')).stdout, /=== Automatic Certificate Management is disabled on vault/)
    await berthOk('domains:add', 'shop.vault.example')
    assert.match((await berthOk('certs:auto:enable')).stdout, /See the status with: berth certs:auto -a vault/)
    const failing = await waitFor(async () => {
      const out = (await berthOk('certs:auto')).stdout
      return /shop\.vault\.example +Failing +\S/.test(out) ? out : null
    }, { timeoutMs: 30_000, intervalMs: 500, what: 'the order failing' })
    assert.match(failing, /=== Automatic Certificate Management is enabled on vault/)
    assert.match(failing, /ECONNREFUSED|connect/i)
    assert.match(failing, /Some domains are failing validation/)
    await berthOk('certs:auto:refresh')
    await berthOk('certs:auto:disable', '--confirm', 'vault')
    assert.match((await berthOk('certs:auto')).stdout, /disabled on vault/)
  })
})
