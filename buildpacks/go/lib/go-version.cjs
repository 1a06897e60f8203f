'use strict'
// Go version arithmetic, as the go command does it: `1.22` (a language version) < `1.22rc1` <
// `1.22.0` < `1.22.1`. Before Go 1.21 a release had no `.0` (`go1.20` was the release).

function parseGo(text) {
  const m = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(beta|rc)(\d+))?$/.exec(String(text).trim())
  if (!m) return null
  const [major, minor] = [Number(m[1]), Number(m[2])]
  if (m[3] !== undefined) return [major, minor, 2, Number(m[3])]
  if (m[4] === 'rc') return [major, minor, 1, Number(m[5])]
  if (m[4] === 'beta') return [major, minor, 0, Number(m[5])]
  return major === 1 && minor < 21 ? [major, minor, 2, 0] : [major, minor, -1, 0]
}

function compareGo(a, b) {
  const [x, y] = [parseGo(a), parseGo(b)]
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i]
  return 0
}

const isRelease = (v) => parseGo(v)?.[2] === 2

/** The oldest Go that can build the module: the higher of the `go` and `toolchain` lines, or null. */
function requiredGo(mod) {
  const lines = [mod.go, mod.toolchain].filter((v) => v && parseGo(v))
  return lines.sort(compareGo).at(-1) ?? null
}

/**
 * The toolchain to download for a module that the machine cannot build, from the releases the
 * proxy lists: the exact `toolchain` (or patch-level `go`) line when listed, else the newest
 * release of the required language version; null when there is none.
 */
function downloadFor(mod, listed) {
  const required = requiredGo(mod)
  if (!required) return null
  const releases = listed.filter(isRelease)
  if (isRelease(required)) return releases.find((v) => compareGo(v, required) === 0) ?? null
  const [major, minor] = parseGo(required)
  const sameLanguage = releases.filter((v) => { const p = parseGo(v); return p[0] === major && p[1] === minor })
  return sameLanguage.sort(compareGo).at(-1) ?? null
}

/** The newest release of each of the newest `count` language versions: what an error offers. */
function newestPerLanguage(listed, count) {
  const newest = new Map()
  for (const v of listed.filter(isRelease).sort(compareGo)) newest.set(parseGo(v).slice(0, 2).join('.'), v)
  return [...newest.values()].reverse().slice(0, count)
}

/** Versions from the proxy's `golang.org/toolchain/@v/list` that run on this platform. */
function proxyVersions(listText, platform) {
  const suffix = `.${platform}`
  return listText.split('\n').map((l) => l.trim())
    .filter((l) => l.startsWith('v0.0.1-go') && l.endsWith(suffix))
    .map((l) => l.slice('v0.0.1-go'.length, -suffix.length))
    .filter((v) => parseGo(v))
}

module.exports = { parseGo, compareGo, requiredGo, downloadFor, newestPerLanguage, proxyVersions, isRelease }
