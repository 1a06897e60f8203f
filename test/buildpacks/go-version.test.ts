import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'

interface GoMod { module: string | null; go: string | null; toolchain: string | null; install: string[] | null }
const require = createRequire(import.meta.url)
const { parseGoMod, binaryName } = require('../../buildpacks/go/lib/go-mod.cjs') as { parseGoMod(text: string): GoMod; binaryName(path: string): string }
const { compareGo, requiredGo, downloadFor, newestPerLanguage, proxyVersions } = require('../../buildpacks/go/lib/go-version.cjs') as {
  compareGo(a: string, b: string): number
  requiredGo(mod: Partial<GoMod>): string | null
  downloadFor(mod: Partial<GoMod>, listed: string[]): string | null
  newestPerLanguage(listed: string[], count: number): string[]
  proxyVersions(text: string, platform: string): string[]
}

const LISTED = ['1.20', '1.20.14', '1.21.0', '1.26.8', '1.26.11', '1.27rc1', '1.27.0', '1.27.4', '1.27.2']

describe('the Go buildpack\'s reading of go.mod', () => {
  it('reads the module, go and toolchain lines and Heroku\'s install comment', () => {
    const mod = parseGoMod('// +heroku install ./cmd/...\nmodule "example.com/shop/v2" // the shop\n\ngo 1.22.3\ntoolchain go1.23.1\nrequire (\n\tx v1\n)\n')
    assert.deepEqual(mod, { module: 'example.com/shop/v2', go: '1.22.3', toolchain: '1.23.1', install: ['./cmd/...'] })
  })

  it('names binaries as go build does, skipping a major-version suffix', () => {
    assert.deepEqual(['example.com/go-uuid', 'example.com/shop/v2', 'hello'].map(binaryName), ['go-uuid', 'shop', 'hello'])
  })
})

describe('the Go buildpack\'s version choice', () => {
  it('orders language versions before release candidates before releases', () => {
    const sorted = ['1.22.1', '1.22', '1.21.9', '1.22.0', '1.22rc1', '1.20'].sort(compareGo)
    assert.deepEqual(sorted, ['1.20', '1.21.9', '1.22', '1.22rc1', '1.22.0', '1.22.1'])
  })

  it('needs the higher of the go and toolchain lines', () => {
    assert.equal(requiredGo({ go: '1.22', toolchain: '1.23.1' }), '1.23.1')
    assert.equal(requiredGo({ go: '1.24.2', toolchain: '1.23.1' }), '1.24.2')
    assert.equal(requiredGo({ go: null, toolchain: null }), null)
  })

  it('downloads the exact release a patch-level line names, else the newest release of the language version', () => {
    assert.equal(downloadFor({ go: '1.27' }, LISTED), '1.27.4')
    assert.equal(downloadFor({ go: '1.27', toolchain: '1.27.2' }, LISTED), '1.27.2')
    assert.equal(downloadFor({ go: '1.27.3' }, LISTED), null)
    assert.equal(downloadFor({ go: '1.99' }, LISTED), null)
  })

  it('offers the newest release of each recent language version', () => {
    assert.deepEqual(newestPerLanguage(LISTED, 3), ['1.27.4', '1.26.11', '1.21.0'])
  })

  it('reads only this platform\'s toolchains from the proxy\'s list', () => {
    const text = 'v0.0.1-go1.27.4.linux-amd64\nv0.0.1-go1.27.4.linux-arm64\nv0.0.1-go1.26rc1.linux-amd64\nv0.0.1-go1.9rc2.windows-amd64\n'
    assert.deepEqual(proxyVersions(text, 'linux-amd64'), ['1.27.4', '1.26rc1'])
  })
})
