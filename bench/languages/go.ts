import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LanguageBench } from './language-bench.js'

// Two real, proxy-served versions of the fixture's one dependency, with their go.sum lines.
const UUID = {
  'v1.6.0': ['h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=', 'h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo='],
  'v1.5.0': ['h1:1p67kYwdtXjb0gL0BPiP1Av9wiZPo5A8z2cWkTZ+eyU=', 'h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo='],
} as const

/** A Go module serving HTTP with github.com/google/uuid from the Go module proxy. */
export const language: LanguageBench = {
  name: 'go',
  fixture: 'go-uuid',
  codeChange(dir, n) {
    const file = join(dir, 'main.go')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/const greeting = ".*"/, `const greeting = "hello from go change ${n}"`))
  },
  lockChange(dir, n) {
    const version = n % 2 === 1 ? 'v1.5.0' : 'v1.6.0'
    const [sum, modSum] = UUID[version]
    const mod = join(dir, 'go.mod')
    writeFileSync(mod, readFileSync(mod, 'utf8').replace(/github\.com\/google\/uuid v\S+/, `github.com/google/uuid ${version}`))
    writeFileSync(join(dir, 'go.sum'), `github.com/google/uuid ${version} ${sum}\ngithub.com/google/uuid ${version}/go.mod ${modSum}\n`)
  },
  // What the buildpack runs, with the machine's warm module and build caches.
  floor: () => [['go', 'mod', 'download'], ['go', 'build', '-tags', 'heroku', '-ldflags=-s -w', '-o', 'bin/', '.']],
}
