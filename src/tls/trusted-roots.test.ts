import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rootCertificates } from 'node:tls'
import { describe, it } from 'node:test'
import { rootsWith } from './trusted-roots.js'

describe('rootsWith', () => {
  it('adds the operator\'s CA file to Node\'s bundled roots, so receivers with public certificates still verify', () => {
    const dir = mkdtempSync(join(tmpdir(), 'berth-roots-'))
    try {
      const file = join(dir, 'internal-ca.pem')
      const internal = rootCertificates[0]! // any PEM: the file's text is passed on as it is
      writeFileSync(file, internal)
      const roots = rootsWith(file)!
      assert.equal(roots.length, rootCertificates.length + 1)
      assert.deepEqual(roots.slice(0, -1), [...rootCertificates])
      assert.equal(roots.at(-1), internal)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('leaves Node\'s default in place without a file', () => {
    assert.equal(rootsWith(null), undefined)
  })
})
