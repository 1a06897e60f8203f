'use strict'
// Which package manager installs an app's dependencies, and its commands. Pure: `has(file)` and
// `read(file)` look at the app's root. Heroku compat: the `packageManager` field wins, then the
// lock file (pnpm-lock.yaml, yarn.lock, package-lock.json), then npm.

const LOCKFILES = { npm: ['package-lock.json', 'npm-shrinkwrap.json'], yarn: ['yarn.lock'], pnpm: ['pnpm-lock.yaml'] }

// Without a packageManager field: the release line that writes the lock file found.
function defaultSpec(name, berry, lockText) {
  if (name === 'yarn') return berry ? '@yarnpkg/cli-dist@4' : 'yarn@1'
  const lockVersion = /^lockfileVersion:\s*'?(\d+)/m.exec(lockText ?? '')?.[1]
  return `pnpm@${{ 5: '7', 6: '8' }[lockVersion] ?? '9'}`
}

/**
 * `{ name, spec, hash, berry, lockfile, others }`: `spec` is the npm package to install yarn or pnpm
 * from (null for npm), `hash` the tarball hash packageManager pins, `others` lock files it ignores.
 */
function choosePackageManager(pkg, { has, read }) {
  let field = null
  if (pkg.packageManager !== undefined) {
    field = typeof pkg.packageManager === 'string' ? /^(npm|yarn|pnpm)@(\d[^\s+]*)(?:\+(sha\d+\.[0-9a-f]+))?$/.exec(pkg.packageManager) : null
    if (!field) throw new Error(`package.json "packageManager" ${JSON.stringify(pkg.packageManager)} is not npm@<version>, yarn@<version> or pnpm@<version>`)
  }
  const name = field ? field[1] : has('pnpm-lock.yaml') ? 'pnpm' : has('yarn.lock') ? 'yarn' : 'npm'
  const lockfile = LOCKFILES[name].find(has) ?? null
  const lockText = lockfile && name !== 'npm' ? read(lockfile) : null
  const berry = name === 'yarn' && (field ? Number(field[2].split('.')[0]) >= 2 : (lockText ?? '').includes('__metadata:'))
  let spec = null
  if (name !== 'npm') spec = field ? `${berry ? '@yarnpkg/cli-dist' : name}@${field[2]}` : defaultSpec(name, berry, lockText)
  const others = Object.values(LOCKFILES).flat().filter((file) => file !== lockfile && has(file))
  return { name, spec, hash: field?.[3] ?? null, berry, lockfile, others }
}

/** The argv of each step; yarn and pnpm are on PATH once installed. */
function packageManagerCommands(pm) {
  const frozen = pm.lockfile !== null
  const run = (script) => [pm.name, 'run', script]
  if (pm.name === 'pnpm') {
    return { install: ['pnpm', 'install', ...(frozen ? ['--frozen-lockfile'] : []), '--prod=false'], prune: ['pnpm', 'prune', '--prod'], run }
  }
  // Yarn 2+ prunes only with a plugin (workspaces focus); its devDependencies stay.
  if (pm.name === 'yarn' && pm.berry) return { install: ['yarn', 'install', ...(frozen ? ['--immutable'] : [])], prune: null, run }
  if (pm.name === 'yarn') {
    const flags = [...(frozen ? ['--frozen-lockfile'] : []), '--prefer-offline', '--non-interactive']
    return { install: ['yarn', 'install', ...flags, '--production=false'], prune: ['yarn', 'install', ...flags, '--production=true'], run }
  }
  return { install: ['npm', frozen ? 'ci' : 'install', '--prefer-offline', '--include=dev'], prune: ['npm', 'prune', '--omit=dev'], run }
}
module.exports = { choosePackageManager, packageManagerCommands }
