'use strict'
// Where a Go toolchain comes from, in Berth's runtime order: a toolchain an earlier build of this
// app downloaded into its cache, the operator's /runtimes/go/<version>, the machine's own Go, then
// a download of golang.org/toolchain through the Go module proxy (GOTOOLCHAIN).
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { compareGo, downloadFor, newestPerLanguage, parseGo, proxyVersions } = require('./go-version.cjs')

const PLATFORM = `linux-${process.arch === 'x64' ? 'amd64' : process.arch}`
const MACHINE_GO = ['/usr/local/go/bin/go', '/usr/lib/go/bin/go', '/usr/bin/go']

function goVersionOf(goBin) {
  const out = spawnSync(goBin, ['env', 'GOVERSION'], { encoding: 'utf8', env: { ...process.env, GOTOOLCHAIN: 'local' } })
  return out.status === 0 ? out.stdout.trim().replace(/^go/, '') : null
}

function listDirs(dir) {
  try { return fs.readdirSync(dir) } catch { return [] }
}

function cached(modCache) {
  const dir = path.join(modCache, 'golang.org')
  return listDirs(dir).flatMap((name) => {
    const m = /^toolchain@v0\.0\.1-go(.+)\.(linux-[a-z0-9]+)$/.exec(name)
    const bin = path.join(dir, name, 'bin', 'go')
    return m && m[2] === PLATFORM && parseGo(m[1]) && fs.existsSync(bin) ? [{ version: m[1], bin, source: 'the build cache' }] : []
  })
}

function operatorRuntimes(runtimesDir) {
  if (!runtimesDir) return []
  const dir = path.join(runtimesDir, 'go')
  return listDirs(dir).flatMap((name) => {
    const bin = path.join(dir, name, 'bin', 'go')
    const version = fs.existsSync(bin) ? goVersionOf(bin) : null
    return version && parseGo(version) ? [{ version, bin, source: `the operator's runtimes (${path.join(dir, name)})` }] : []
  })
}

function machine() {
  const bin = MACHINE_GO.find((b) => fs.existsSync(b))
  const version = bin && goVersionOf(bin)
  return version && parseGo(version) ? [{ version, bin, source: 'this machine' }] : []
}

// Fetched by a child Node that trusts the system's CA store, as the go command does: Node's own
// bundle lacks any CA the operator added (a registry mirror or TLS-inspecting proxy).
const FETCH = `fetch(process.argv[1], { signal: AbortSignal.timeout(30000) })
  .then(async (r) => { if (!r.ok) throw new Error(process.argv[1] + ' answered ' + r.status); process.stdout.write(await r.text()) })
  .catch((e) => { console.error(e.cause ? e.cause.message || String(e.cause) : e.message); process.exit(1) })`
const SYSTEM_CAS = '/etc/ssl/certs/ca-certificates.crt'

function fetchProxyList() {
  const proxy = (process.env.GOPROXY || 'https://proxy.golang.org').split(/[,|]/).find((p) => /^https?:\/\//.test(p)) || 'https://proxy.golang.org'
  const url = `${proxy.replace(/\/$/, '')}/golang.org/toolchain/@v/list`
  const env = { ...process.env, ...(fs.existsSync(SYSTEM_CAS) && !process.env.NODE_EXTRA_CA_CERTS ? { NODE_EXTRA_CA_CERTS: SYSTEM_CAS } : {}) }
  const out = spawnSync(process.execPath, ['-e', FETCH, url], { encoding: 'utf8', env })
  if (out.status !== 0) throw new Error(`${url}: ${(out.stderr || '').trim() || 'failed'}`)
  return proxyVersions(out.stdout, PLATFORM)
}

/**
 * The toolchain for a module that needs Go `required` (null: any). Returns
 * `{ version, bin, source, env }` or `{ error }` naming what can be had.
 */
function findToolchain({ mod, required, modCache, runtimesDir }) {
  const newestFirst = (list) => list.sort((a, b) => compareGo(b.version, a.version))
  const local = [...newestFirst(cached(modCache)), ...newestFirst(operatorRuntimes(runtimesDir)), ...machine()]
  const found = required === null ? local.find((t) => t.source === 'this machine') ?? local[0]
    : local.find((t) => compareGo(t.version, required) >= 0)
  if (found) return { ...found, env: { GOTOOLCHAIN: 'local' } }
  let listed = []
  let proxyError = null
  try { listed = fetchProxyList() } catch (error) { proxyError = error.message }
  const download = downloadFor(mod, listed)
  if (download && local[0]) {
    return { version: download, bin: local.at(-1).bin, source: 'the Go module proxy', download: true, env: { GOTOOLCHAIN: `go${download}` } }
  }
  const here = local.map((t) => `go${t.version} (${t.source})`)
  const there = proxyError ? [`none from the Go module proxy (${proxyError})`]
    : [`${newestPerLanguage(listed, 6).map((v) => `go${v}`).join(', ')} or any other release from the Go module proxy`]
  if (!local[0]) here.push('no Go on this machine to download a toolchain with')
  return { error: `Go ${required ?? ''} is not available. Available: ${[...here, ...there].join('; ')}.` }
}

module.exports = { findToolchain }
