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

// The interpreter's own answer, remembered per binary (its device, inode, size and mtime) in the
// app's build cache: starting Python to ask costs a build tens of milliseconds.
function probedVersion(python, remembered) {
  const stat = fs.statSync(python, { throwIfNoEntry: false })
  const id = stat && `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`
  if (id && remembered[python]?.id === id) return remembered[python].version
  // Ask the interpreter: the file name holds only major.minor.
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' })
  const version = probe.status === 0 ? probe.stdout.trim() : ''
  if (id && version) remembered[python] = { id, version }
  return version
}

function machinePythons(versionsFile) {
  let remembered = {}
  try { remembered = versionsFile ? JSON.parse(fs.readFileSync(versionsFile, 'utf8')) : {} } catch { remembered = {} }
  if (typeof remembered !== 'object' || remembered === null) remembered = {}
  const before = JSON.stringify(remembered)
  const found = []
  for (const dir of ['/usr/local/bin', '/usr/bin']) {
    let names = []
    try { names = fs.readdirSync(dir) } catch { continue }
    for (const name of names.filter((n) => /^python3\.\d+$/.test(n)).sort()) {
      const python = path.join(dir, name)
      const version = probedVersion(python, remembered)
      if (/^\d+\.\d+\.\d+$/.test(version)) found.push({ version, python, origin: 'machine' })
    }
  }
  if (versionsFile && JSON.stringify(remembered) !== before) {
    fs.mkdirSync(path.dirname(versionsFile), { recursive: true })
    fs.writeFileSync(versionsFile, `${JSON.stringify(remembered)}\n`)
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

/** Every runtime found, operator's first; `versionsFile` (optional) remembers the machine's versions. */
function findPythons(runtimesDir, versionsFile) {
  return [...operatorPythons(runtimesDir), ...machinePythons(versionsFile)]
}

module.exports = { findPythons }
