'use strict'
// The package managers the buildpack installs with, in Heroku's order of preference, and the files
// each one's cache key covers. Tool versions are pinned so a build is reproducible.
const fs = require('node:fs')
const path = require('node:path')

const PIP_VERSION = '26.3'
const UV_VERSION = '0.13.9'
const POETRY_VERSION = '2.5.1'

const MANAGERS = [
  { name: 'pip', file: 'requirements.txt', tools: [`pip==${PIP_VERSION}`] },
  { name: 'uv', file: 'uv.lock', tools: [`pip==${PIP_VERSION}`, `uv==${UV_VERSION}`] },
  { name: 'poetry', file: 'poetry.lock', tools: [`pip==${PIP_VERSION}`, `poetry==${POETRY_VERSION}`] },
]

/** The managers whose file the app has, most preferred first. */
function presentManagers(buildDir) {
  return MANAGERS.filter((m) => fs.existsSync(path.join(buildDir, m.file)))
}

/**
 * The files whose contents decide what gets installed: the lock file, pyproject.toml for uv and
 * Poetry, and the files a requirements.txt pulls in with -r / -c (one level, as most apps need).
 */
function keyFiles(buildDir, manager) {
  const files = [manager.file]
  if (manager.name !== 'pip') files.push('pyproject.toml')
  else {
    const text = fs.readFileSync(path.join(buildDir, manager.file), 'utf8')
    for (const m of text.matchAll(/^\s*(?:-r|-c|--requirement|--constraint)[\s=]+(\S+)/gm)) files.push(m[1])
  }
  return files.filter((f) => fs.existsSync(path.join(buildDir, f)))
}

/**
 * Whether requirements.txt installs from the app's own source (`.`, `-e .`, `./pkg`, `file:`):
 * then an unchanged requirements.txt does not mean unchanged packages, so pip runs every build.
 */
function installsLocalPaths(buildDir, manager) {
  if (manager.name !== 'pip') return false
  const text = fs.readFileSync(path.join(buildDir, manager.file), 'utf8')
  return /^\s*(?:-e\s+|--editable[\s=]+)?(?:\.|\/|file:)/m.test(text)
}

module.exports = { MANAGERS, presentManagers, keyFiles, installsLocalPaths, PIP_VERSION, UV_VERSION, POETRY_VERSION }
