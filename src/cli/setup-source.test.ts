import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { CliError } from './cli-error.js'
import { checkSetupSource } from './setup-source.js'

const refused = (pattern: RegExp) => (error: unknown) => error instanceof CliError && pattern.test(error.message)

describe('checkSetupSource', () => {
  it('takes http and https tarball URLs as they are', () => {
    assert.equal(checkSetupSource('https://github.com/acme/shop/archive/refs/heads/main.tar.gz'), 'https://github.com/acme/shop/archive/refs/heads/main.tar.gz')
    assert.equal(checkSetupSource('http://mirror.internal:8080/app.tgz?token=x'), 'http://mirror.internal:8080/app.tgz?token=x')
  })

  it("points a GitHub repository URL at GitHub's tarball of it", () => {
    for (const from of ['https://github.com/acme/shop', 'https://github.com/acme/shop.git', 'https://github.com/acme/shop/']) {
      assert.throws(() => checkSetupSource(from), refused(/for GitHub use https:\/\/github\.com\/acme\/shop\/archive\/HEAD\.tar\.gz$/))
    }
  })

  it('refuses git URLs in every spelling, and anything that is not an http(s) URL', () => {
    for (const from of ['git://example.com/shop.git', 'ssh://git@example.com/shop', 'git@github.com:acme/shop.git', 'https://gitlab.example.com/acme/shop.git']) {
      assert.throws(() => checkSetupSource(from), refused(/git URLs are not supported/), from)
    }
    assert.throws(() => checkSetupSource('./shop.tgz'), refused(/must be the URL of a gzipped tarball/))
    assert.throws(() => checkSetupSource('file:///tmp/shop.tgz'), refused(/not file\.$/))
  })
})
