'use strict'
// Puts the Node.js (and an npm that runs on it) the app asks for on PATH, for the rest of the build
// and, through .profile.d, for its dynos. The machine's Node is used as it is.
const fs = require('node:fs')
const path = require('node:path')
const { satisfies } = require('../bin/semver-lite.cjs')
const { resolveNode, runsOnBerthsNode, SLUG_NODE } = require('./install-node.cjs')
const { npmSpecFor } = require('./node-versions.cjs')
const { unpackOnce, copy } = require('./npm-package-cache.cjs')
const { requestRuntime } = require('./runtime-store.cjs')

function machineNpm() {
  // Read npm's own package.json instead of spawning `npm --version` (about 100 ms).
  const tools = process.env.BERTH_TOOLS_DIR
  for (const dir of (process.env.PATH || '').split(':')) {
    try {
      // Berth's npm in a stack image is a launcher beside its package (container-steps.ts).
      if (tools && dir === `${tools}/bin`) return { ...JSON.parse(fs.readFileSync(path.join(tools, 'npm', 'package.json'), 'utf8')), lent: true }
      const bin = fs.realpathSync(path.join(dir, 'npm'))
      return JSON.parse(fs.readFileSync(path.join(bin, '..', '..', 'package.json'), 'utf8'))
    } catch {}
  }
  return { version: 'unknown', engines: {} }
}

function installNpm(spec, { buildDir, cacheDir, info }) {
  const cached = path.join(cacheDir, 'node', spec.replace(/[^A-Za-z0-9.@^~=<>-]/g, '_'))
  unpackOnce(spec, cached, info)
  const home = path.join(buildDir, SLUG_NODE)
  copy(cached, path.join(home, 'lib', 'node_modules', 'npm'))
  fs.mkdirSync(path.join(home, 'bin'), { recursive: true })
  for (const name of ['npm', 'npx']) {
    fs.rmSync(path.join(home, 'bin', name), { force: true })
    fs.symlinkSync(`../lib/node_modules/npm/bin/${name}-cli.js`, path.join(home, 'bin', name))
  }
  return JSON.parse(fs.readFileSync(path.join(cached, 'package.json'), 'utf8')).version
}

/**
 * No engines.node: the machine's Node.js, unless the one running this buildpack is Berth's own tool
 * (dynos will not have it): then the same major version from the runtime store, which dynos have.
 */
function defaultRange() {
  return runsOnBerthsNode() ? `${process.versions.node.split('.')[0]}.x` : null
}

/** Sets up Node.js for engines.node; returns the version the build and dynos run, and the directories it put first on PATH. */
function setUpNode(pkg, { buildDir, cacheDir, runtimesDir, step, info, warn }) {
  const engines = pkg.engines || {}
  const range = engines.node === undefined ? defaultRange() : String(engines.node)
  const resolved = resolveNode(range, { cacheDir, runtimesDir })
  const npm = machineNpm()
  const bins = []
  const slugBin = path.join(buildDir, SLUG_NODE, 'bin')
  const version = resolved.version
  if (resolved.source === 'machine') {
    step('Using the machine\'s Node.js')
    info(`node ${process.version}, npm ${npm.version}`)
    if (range && satisfies(process.version, range) === null) warn(`Could not read engines.node ${JSON.stringify(range)}; building with ${process.version}.`)
    else if (range) info(`engines.node ${range} is satisfied`)
    if (!npm.lent) return { version: process.version, bins: [] }
  } else {
    step('Installing binaries')
    info(`engines.node (package.json): ${engines.node === undefined ? `unspecified (use default ${range})` : range}`)
    info(`engines.npm (package.json): ${engines.npm ?? 'unspecified (use default)'}`)
    info(`Resolving node version ${range}...`)
    if (resolved.source === 'runtimes') {
      info(`Using node ${resolved.version} from the operator's runtimes (${resolved.home})`)
      bins.push(path.join(resolved.home, 'bin'))
      process.env.npm_config_nodedir = resolved.home
    } else {
      const home = requestRuntime(`node@${resolved.version}`)
      if (home === null) throw new Error(`Node.js ${resolved.version} must be downloaded, and this build has no runtime store to keep it in.`)
      info(`Using node ${resolved.version} from Berth's runtime store (${home})`)
      bins.push(path.join(home, 'bin'))
      // node-gyp finds the headers here instead of downloading them.
      process.env.npm_config_nodedir = home
    }
  }
  const ownNpm = resolved.source === 'runtimes' && fs.existsSync(path.join(resolved.home, 'bin', 'npm'))
  // The npm Berth lends a build in a stack image without one is not there for dynos (`npm start`): the slug gets its own.
  if (engines.npm === undefined && !npm.lent && (ownNpm || satisfies(version, (npm.engines && npm.engines.node) || '*') === true)) {
    info(`Using npm ${ownNpm ? 'from the runtime' : `${npm.version} (the machine's)`}`)
  } else {
    const spec = engines.npm === undefined ? npmSpecFor(version) : `npm@${engines.npm}`
    if (!spec) throw new Error(`No npm release runs on Node.js ${version}; set engines.npm.`)
    info(`Using npm ${installNpm(spec, { buildDir, cacheDir, info })}${npm.lent ? ' in the slug (the stack image has none)' : ''}`)
  }
  if (fs.existsSync(slugBin)) bins.unshift(slugBin)
  process.env.PATH = [...bins, process.env.PATH].join(':')
  const profileDir = path.join(buildDir, '.profile.d')
  fs.mkdirSync(profileDir, { recursive: true })
  const dynoBins = bins.map((dir) => dir.replace(buildDir, '$HOME'))
  // Dynos trust the system's CAs too. A distribution's Node (built on the system's OpenSSL) reads its
  // store already; Node.js's own builds (the runtime store's, most operators') carry Mozilla's roots
  // only, so they are pointed at the system's bundle (which Node 18 and older read at every start).
  const cas = resolved.source === 'machine' && process.config.variables.node_shared_openssl
    ? ''
    : '[ -r /etc/ssl/certs/ca-certificates.crt ] && export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"\n'
  fs.writeFileSync(path.join(profileDir, 'nodejs.sh'), `export PATH="${dynoBins.join(':')}:$PATH"\n${cas}`)
  return { version: `v${version}`, bins }
}
module.exports = { setUpNode }
