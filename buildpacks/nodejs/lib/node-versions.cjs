'use strict'
// Choosing a Node.js version from a list, as Heroku does: the newest release matching
// engines.node. Pure; prereleases and unreadable version strings never match.
const { satisfies } = require('../bin/semver-lite.cjs')

function parts(version) {
  return version.replace(/^v/, '').split('.').map(Number)
}

function newestFirst(a, b) {
  const [x, y] = [parts(a), parts(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (y[i] ?? 0) - (x[i] ?? 0)
  return 0
}

const isRelease = (version) => /^\d+\.\d+\.\d+$/.test(version)

/** The newest release in `versions` matching `range`, or null. */
function pickNodeVersion(range, versions) {
  return versions.filter(isRelease).sort(newestFirst).find((v) => satisfies(v, range) === true) ?? null
}

/** The newest release of each of the `majors` newest major lines, for an error message. */
function describeAvailable(versions, majors = 12) {
  const seen = new Set()
  const picked = []
  for (const version of versions.filter(isRelease).sort(newestFirst)) {
    const major = version.split('.')[0]
    if (seen.has(major)) continue
    seen.add(major)
    picked.push(version)
    if (picked.length === majors) break
  }
  return picked.join(', ')
}

// npm releases and the Node.js versions each supports (their own engines.node), newest first.
const NPM_LINES = [
  { spec: 'npm@10', node: '^18.17.0 || >=20.5.0' },
  { spec: 'npm@9', node: '^14.17.0 || ^16.13.0 || >=18.0.0' },
  { spec: 'npm@8', node: '^12.13.0 || ^14.15.0 || >=16.0.0' },
  { spec: 'npm@6', node: '>=6' },
]

/** The npm release line to install for a Node.js version the machine's npm does not support. */
function npmSpecFor(nodeVersion) {
  return NPM_LINES.find((line) => satisfies(nodeVersion, line.node) === true)?.spec ?? null
}
module.exports = { pickNodeVersion, describeAvailable, npmSpecFor, newestFirst }
