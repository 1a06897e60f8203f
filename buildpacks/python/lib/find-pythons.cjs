'use strict'
// The Python runtimes a build can use, in Berth's lookup order (issue 15 §2): the operator's
// (BERTH_RUNTIMES_DIR, laid out <language>/<version>/) and then the machine's own under /usr.
// Python has no download source, so there is no runtime cache to fill.
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')

function operatorPythons(runtimesDir) {
  if (!runtimesDir) return []
  const root = path.join(runtimesDir, 'python')
  let names = []
  try { names = fs.readdirSync(root) } catch { return [] }
  return names
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name))
    .map((name) => ({ version: name, python: path.join(root, name, 'bin', 'python3'), origin: 'operator' }))
    .filter((runtime) => isExecutable(runtime.python))
}

function machinePythons() {
  const found = []
  for (const dir of ['/usr/local/bin', '/usr/bin']) {
    let names = []
    try { names = fs.readdirSync(dir) } catch { continue }
    for (const name of names.filter((n) => /^python3\.\d+$/.test(n)).sort()) {
      const python = path.join(dir, name)
      // Ask the interpreter: the file name holds only major.minor.
      const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' })
      const version = probe.status === 0 ? probe.stdout.trim() : ''
      if (/^\d+\.\d+\.\d+$/.test(version)) found.push({ version, python, origin: 'machine' })
    }
  }
  return found
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Every runtime found, operator's first. */
function findPythons(runtimesDir) {
  return [...operatorPythons(runtimesDir), ...machinePythons()]
}

module.exports = { findPythons }
