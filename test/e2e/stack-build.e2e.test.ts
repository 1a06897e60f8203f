import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { after, it } from 'node:test'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'

// The source, as the other e2e tests run it (bin/berth.js runs the compiled dist/).
const BERTH = ['--import', 'tsx', new URL('../../src/main/cli.ts', import.meta.url).pathname]
const IMAGE = `berth/stack-e2e:${process.pid}`
const engine = process.getuid?.() === 0 ? await DockerEngine.connect().catch(() => null) : null
const hasDebootstrap = spawnSync('sh', ['-c', 'command -v debootstrap']).status === 0
const skip = (!engine && 'needs root and a Docker Engine') || (!hasDebootstrap && 'needs debootstrap (apt-get install debootstrap)')

after(async () => {
  await engine?.run(['rmi', '--force', IMAGE])
  await engine?.close()
})

it('berth stack:build makes a Debian stack image from Debian packages, in which an unprivileged dyno has a shell, TLS roots and curl', { skip, timeout: 600_000 }, async () => {
  const built = spawnSync(process.execPath, [...BERTH, 'stack:build', '--image', IMAGE], { encoding: 'utf8', timeout: 600_000 })
  assert.equal(built.status, 0, built.stderr + built.stdout.slice(-2000))
  assert.match(built.stdout, /-----> debootstrap bookworm \(minbase\) from http:\/\/deb\.debian\.org\/debian/)
  assert.match(built.stdout, new RegExp(`${IMAGE.replace(/[.:/]/g, '\\$&')} is ready`))
  const inside = await engine!.check(['run', '--rm', '--user', '65534:65534', '--network', 'none', IMAGE,
    '/bin/bash', '-c', '. /etc/os-release; echo "$VERSION_CODENAME $(id -u) $(pwd)"; test -s /etc/ssl/certs/ca-certificates.crt && echo roots; curl --version | head -1'], 'docker run')
  const [first, roots, curl] = inside.trim().split('\n')
  assert.equal(first, 'bookworm 65534 /app')
  assert.equal(roots, 'roots')
  assert.match(curl!, /^curl \d/)
})

it('berth stack:build refuses a bad flag with its usage, and makes nothing', () => {
  const refused = spawnSync(process.execPath, [...BERTH, 'stack:build', '--image', 'Not A Name'], { encoding: 'utf8' })
  assert.equal(refused.status, 1)
  assert.match(refused.stderr, /^berth: --image "Not A Name" is not something stack:build takes\nusage: berth stack:build/)
})
