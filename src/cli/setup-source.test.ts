import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CliError } from './cli-error.js'
import { readSetupSource } from './setup-source.js'

const refused = (pattern: RegExp) => (error: unknown) => error instanceof CliError && pattern.test(error.message)

describe('readSetupSource', () => {
  it('takes http and https tarball URLs as they are, for the server to fetch', () => {
    assert.deepEqual(readSetupSource('https://github.com/acme/shop/archive/refs/heads/main.tar.gz'), { kind: 'tarball', url: 'https://github.com/acme/shop/archive/refs/heads/main.tar.gz' })
    assert.deepEqual(readSetupSource('http://mirror.internal:8080/app.tgz?token=x'), { kind: 'tarball', url: 'http://mirror.internal:8080/app.tgz?token=x' })
  })

  it('takes git repositories in every spelling, for this machine to clone', () => {
    for (const from of ['git://example.com/shop.git', 'ssh://git@example.com/shop', 'git@github.com:acme/shop.git', 'https://gitlab.example.com/acme/shop.git',
      'https://github.com/acme/shop', 'https://github.com/acme/shop/', '/home/me/shop/.git']) {
      assert.deepEqual(readSetupSource(from), { kind: 'git', url: from }, from)
    }
  })

  it('refuses what is neither, and what git would read as an option', () => {
    assert.throws(() => readSetupSource('./shop.tgz'), refused(/must be the URL of a gzipped tarball or a git repository/))
    assert.throws(() => readSetupSource('file:///tmp/shop.tgz'), refused(/not file\.$/))
    assert.throws(() => readSetupSource('--upload-pack=touch /tmp/x.git'), refused(/is not a git URL/))
    assert.throws(() => readSetupSource(`https://example.com/${'a'.repeat(2100)}`), refused(/too long/))
  })
})
