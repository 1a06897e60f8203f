'use strict'
// Just enough of semver ranges for engines.node: ||, space-separated comparators,
// ^ ~ >= <= > < =, and x-ranges (20, 20.x, 20.1.x). Returns null for what it cannot read.
function parse(version) {
  const m = /^v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(version.trim())
  if (!m) return null
  return m.slice(1).map((p) => (p === undefined || p === 'x' || p === '*' ? null : Number(p)))
}
function compare(a, b) {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0)
  return 0
}
function upperOf(parts, kind) {
  const [maj, min, pat] = parts
  if (kind === '^') {
    if (maj !== 0 || min === null) return [maj + 1, 0, 0]
    if (min !== 0 || pat === null) return [0, min + 1, 0]
    return [0, 0, pat + 1]
  }
  if (min === null) return [maj + 1, 0, 0]
  return [maj, min + 1, 0]
}
function test(version, comparator) {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(comparator)
  if (!m) return null
  const op = m[1] || ''
  const parts = parse(m[2])
  if (!parts) return null
  if (parts[0] === null) return true
  const low = parts.map((p) => p ?? 0)
  switch (op) {
    case '>=': return compare(version, low) >= 0
    case '>': return parts[1] === null ? version[0] > parts[0] : compare(version, low) > 0
    case '<=': return parts[1] === null ? version[0] <= parts[0] : compare(version, low) <= 0
    case '<': return compare(version, low) < 0
    case '^': case '~': return compare(version, low) >= 0 && compare(version, upperOf(parts, op)) < 0
    default:
      if (parts[1] === null || parts[2] === null) return compare(version, low) >= 0 && compare(version, upperOf(parts, '~')) < 0
      return compare(version, low) === 0
  }
}
function satisfies(versionText, range) {
  const version = parse(versionText)
  if (!version) return null
  let unreadable = false
  for (const set of range.split('||')) {
    const comparators = set.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean)
    if (comparators.length === 0) return true
    const results = comparators.map((c) => test(version, c))
    if (results.includes(null)) { unreadable = true; continue }
    if (results.every(Boolean)) return true
  }
  return unreadable ? null : false
}
module.exports = { satisfies }
