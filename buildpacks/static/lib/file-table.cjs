'use strict'
// What is under the site's root, looked up once per path: the slug is read-only, so an answer never
// goes stale. A path whose real location (after symlinks) leaves the root counts as absent.
const fs = require('node:fs')
const path = require('node:path')

const MAX_ENTRIES = 10_000
const MAX_BODY_BYTES = 1024 * 1024

function createFileTable(rootDir) {
  const realRoot = fs.realpathSync(rootDir)
  const entries = new Map()

  function find(rel) {
    let entry = entries.get(rel)
    if (entry) return entry
    entry = { kind: null, real: null, stat: null, body: null, gzipped: null }
    try {
      const real = fs.realpathSync(path.join(realRoot, rel))
      if (real === realRoot || real.startsWith(realRoot + path.sep)) {
        const stat = fs.statSync(real)
        entry = { ...entry, kind: stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : null, real, stat }
      }
    } catch {}
    if (entries.size >= MAX_ENTRIES) entries.clear()
    entries.set(rel, entry)
    return entry
  }

  return {
    lookup: (rel) => find(rel).kind,
    find,
    /** The file's bytes, kept in memory when small; null for large files (stream them). */
    body(entry) {
      if (entry.stat.size > MAX_BODY_BYTES) return null
      entry.body ??= fs.readFileSync(entry.real)
      return entry.body
    },
  }
}
module.exports = { createFileTable }
