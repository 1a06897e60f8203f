import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { testCa, type Issued } from '../../test/support/test-pki.js'
import { CertificateFiles } from './certificate-files.js'

describe("the operator's certificate files (BERTH_ROUTER_TLS_CERT and _KEY)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'berth-cert-files-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  const certFile = join(dir, 'wildcard.crt')
  const keyFile = join(dir, 'wildcard.key')
  let stamp = Date.now() / 1000

  /** Writes a pair (either half may be left as it was) with a modification time later than the last. */
  function write(pair: Partial<Issued>): void {
    stamp += 10
    for (const [file, text] of [[certFile, pair.cert], [keyFile, pair.key]] as const) {
      if (text === undefined) continue
      writeFileSync(file, text)
      utimesSync(file, stamp, stamp)
    }
  }

  it('serves the wildcard for the names it covers, and a renewal once the files change, without a restart', async () => {
    const ca = await testCa()
    const first = await ca.issue(['*.apps.example.test'])
    write(first)
    let now = 0
    const errors: unknown[] = []
    const files = new CertificateFiles({ certFile, keyFile, checkEveryMs: 5000, now: () => now, onError: (error) => errors.push(error) })
    assert.equal(files.certificateFor('demo.apps.example.test')?.cert, first.cert)
    assert.equal(files.certificateFor('a.demo.apps.example.test'), null, 'a wildcard covers one label')
    assert.equal(files.certificateFor('demo.example.test'), null)
    const version = files.certificateFor('demo.apps.example.test')!.version

    const renewed = await ca.issue(['*.apps.example.test'])
    write({ cert: renewed.cert })
    now = 6000
    assert.equal(files.certificateFor('demo.apps.example.test')?.cert, first.cert, 'a certificate without its key yet: the previous pair still serves')
    assert.equal(errors.length, 1)

    write({ key: renewed.key })
    now = 8000
    assert.equal(files.certificateFor('demo.apps.example.test')?.cert, first.cert, 'the files are looked at no more than every 5 s')
    now = 11_500
    const served = files.certificateFor('demo.apps.example.test')!
    assert.deepEqual([served.cert, served.key], [renewed.cert, renewed.key])
    assert.notEqual(served.version, version)
    assert.equal(errors.length, 1)
  })

  it('refuses to start from files that are not a certificate and its key', async () => {
    const ca = await testCa()
    const [one, two] = [await ca.issue(['*.apps.example.test']), await ca.issue(['*.apps.example.test'])]
    write({ cert: one.cert, key: two.key })
    assert.throws(() => new CertificateFiles({ certFile, keyFile }), /is not the key of the certificate/)
    assert.throws(() => new CertificateFiles({ certFile: join(dir, 'missing.crt'), keyFile }), /ENOENT/)
  })
})
