'use strict'
// yarn and pnpm, installed from the npm registry (corepack's signature check fails against registry
// mirrors without signatures, so Berth fetches the same packages with npm) into the build cache
// once per version, and put on the build's PATH.
const fs = require('node:fs')
const path = require('node:path')
const { unpackOnce } = require('./npm-package-cache.cjs')

const BINS = { yarn: 'bin/yarn.js', pnpm: 'bin/pnpm.cjs' }

/** Installs `pm` (from choosePackageManager) for this build; returns its version. */
function installPackageManager(pm, { cacheDir, info }) {
  const dir = path.join(cacheDir, 'package-managers', pm.spec.replace(/[^A-Za-z0-9.@^~=<>-]/g, '_'))
  fs.mkdirSync(path.dirname(dir), { recursive: true })
  unpackOnce(pm.spec, dir, info, pm.hash)
  const shims = fs.mkdtempSync(path.join(process.env.TMPDIR || '/tmp', 'package-manager-'))
  // Runs on whichever node is first on PATH: the one engines.node chose.
  fs.writeFileSync(path.join(shims, pm.name), `#!/bin/sh\nexec node "${path.join(dir, BINS[pm.name])}" "$@"\n`, { mode: 0o755 })
  process.env.PATH = `${shims}:${process.env.PATH}`
  // HOME is the app: keep the package managers' own state and caches out of the slug.
  Object.assign(process.env, {
    XDG_CACHE_HOME: path.join(cacheDir, 'xdg-cache'),
    XDG_DATA_HOME: path.join(cacheDir, 'xdg-data'),
    XDG_STATE_HOME: '/tmp/xdg-state',
    XDG_CONFIG_HOME: '/tmp/xdg-config',
  })
  // The store is in the cache, a different mount from the app: pnpm copies instead of hardlinking.
  if (pm.name === 'pnpm') Object.assign(process.env, { npm_config_store_dir: path.join(cacheDir, 'pnpm-store'), npm_config_package_import_method: 'copy' })
  if (pm.name === 'yarn' && !pm.berry) process.env.YARN_CACHE_FOLDER ??= path.join(cacheDir, 'yarn')
  if (pm.name === 'yarn' && pm.berry) Object.assign(process.env, { YARN_ENABLE_GLOBAL_CACHE: 'false', YARN_ENABLE_TELEMETRY: '0' })
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version
}
module.exports = { installPackageManager }
