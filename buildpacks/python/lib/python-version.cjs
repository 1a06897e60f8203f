'use strict'
// Which Python an app asks for, and which of the available runtimes answers it. Pure: no I/O.

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/

/**
 * The version requested by runtime.txt (`python-3.11.2`) or .python-version (`3.11`, `3.11.2`),
 * given their contents (null when absent). Heroku compat: runtime.txt wins when both exist.
 * Returns { version, source } or { error } or null when nothing is requested.
 */
function requestedVersion({ runtimeTxt, pythonVersion }) {
  if (runtimeTxt !== null) {
    const text = runtimeTxt.trim()
    const m = /^python-(\d+\.\d+(?:\.\d+)?)$/.exec(text)
    if (!m) return { error: `Invalid Python version in runtime.txt: ${JSON.stringify(text)}. Write it as python-3.11.2 (or python-3.11).` }
    return { version: m[1], source: 'runtime.txt' }
  }
  if (pythonVersion !== null) {
    const lines = pythonVersion.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
    const m = lines.length === 1 ? /^(?:python-?)?(\d+\.\d+(?:\.\d+)?)$/.exec(lines[0]) : null
    if (!m) return { error: `Invalid Python version in .python-version: ${JSON.stringify(lines.join(' '))}. Write one version such as 3.11 or 3.11.2.` }
    return { version: m[1], source: '.python-version' }
  }
  return null
}

function parts(version) {
  const m = VERSION.exec(version)
  return m ? m.slice(1).map((p) => (p === undefined ? null : Number(p))) : null
}

function compare(a, b) {
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0)
  return 0
}

/**
 * The runtime for a request: `3.11` takes the newest 3.11.x, `3.11.2` only 3.11.2, null the newest
 * of all. `available` lists { version, python, origin } in lookup order (operator before machine),
 * which breaks ties between equal versions. Returns null when nothing matches.
 */
function chooseRuntime(requested, available) {
  const want = requested === null ? null : parts(requested)
  const matching = available.filter((runtime) => {
    if (want === null) return true
    const have = parts(runtime.version)
    return have !== null && want.every((p, i) => p === null || p === have[i])
  })
  // A stable sort keeps lookup order among equal versions.
  return matching.sort((a, b) => compare(b.version, a.version))[0] ?? null
}

/** "3.11.2, 3.12.4" — each version once, oldest first. */
function describeVersions(available) {
  const versions = [...new Set(available.map((r) => r.version))]
  return versions.sort(compare).join(', ')
}

module.exports = { requestedVersion, chooseRuntime, describeVersions, compare }
