'use strict'
// Installs the app's packages into the slug's virtual environment with its package manager. The
// managers themselves live in a tools environment in the cache (made once per app and Python
// version, from PyPI), so neither pip, uv nor Poetry ends up in the slug.
const fs = require('node:fs')
const path = require('node:path')
const { step, info, fail, run } = require('./output.cjs')

async function toolsEnv({ manager, runtime, cache }) {
  const dir = path.join(cache, `tools-${runtime.version}`)
  const marker = path.join(dir, '.berth-tools')
  const wanted = manager.tools.join(' ')
  const have = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim().split(' ') : []
  const missing = manager.tools.filter((tool) => !have.includes(tool))
  if (missing.length === 0) return dir
  step(`Installing ${missing.map((t) => t.replace('==', ' ')).join(' and ')}`)
  if (!fs.existsSync(path.join(dir, 'bin', 'pip'))) {
    fs.rmSync(dir, { recursive: true, force: true })
    if (await run(runtime.python, ['-m', 'venv', dir]) !== 0) fail(`Could not create the package managers' environment with ${runtime.python} (is ensurepip installed?).`)
  }
  const pip = [path.join(dir, 'bin', 'pip'), 'install', '--quiet', '--disable-pip-version-check', '--no-input', '--cache-dir', path.join(cache, 'pip-cache')]
  if (await run(pip[0], [...pip.slice(1), ...missing]) !== 0) fail(`Could not install ${missing.join(', ')} from PyPI.`)
  fs.writeFileSync(marker, `${[...new Set([...have, ...manager.tools])].join(' ')}\n`)
  info(`${wanted} ready in the build cache`)
  return dir
}

const SYSTEM_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt'
function systemCaBundle() {
  return fs.existsSync(SYSTEM_CA_BUNDLE) ? { REQUESTS_CA_BUNDLE: SYSTEM_CA_BUNDLE } : {}
}

const COMMANDS = {
  pip: (tools, venv, cache) => ({
    label: 'Installing requirements with pip',
    cmd: path.join(tools, 'bin', 'pip'),
    args: ['--python', path.join(venv, 'bin', 'python'), 'install', '-r', 'requirements.txt', '--no-input', '--progress-bar', 'off',
      '--disable-pip-version-check', '--cache-dir', path.join(cache, 'pip-cache')],
    env: {},
  }),
  uv: (tools, venv, cache, python) => ({
    label: 'Installing dependencies using \'uv sync --locked --no-default-groups\'',
    cmd: path.join(tools, 'bin', 'uv'),
    args: ['sync', '--locked', '--no-default-groups'],
    // uv makes the environment itself with the chosen interpreter (much faster than `python -m
    // venv`, which starts Python); it must neither download a Python nor hardlink from a cache on
    // another mount. It trusts the machine's certificate store, as pip does, so an operator's proxy CA works.
    env: { UV_PROJECT_ENVIRONMENT: venv, UV_PYTHON: python, UV_PYTHON_DOWNLOADS: 'never', UV_CACHE_DIR: path.join(cache, 'uv-cache'),
      UV_LINK_MODE: 'copy', UV_COMPILE_BYTECODE: '1', UV_NO_PROGRESS: '1', UV_SYSTEM_CERTS: '1' },
  }),
  poetry: (tools, venv, cache) => ({
    label: 'Installing dependencies using \'poetry sync --only main\'',
    cmd: path.join(tools, 'bin', 'poetry'),
    args: ['sync', '--only', 'main', '--compile', '--no-interaction', '--no-ansi'],
    // Poetry's HTTP client reads certifi's bundle unless told to use the machine's store.
    env: { VIRTUAL_ENV: venv, POETRY_VIRTUALENVS_CREATE: 'false', POETRY_CACHE_DIR: path.join(cache, 'poetry-cache'), ...systemCaBundle() },
  }),
}

/** Installs into `venv` from the app's lock file; fails the build with the manager's own error. */
async function installDependencies({ manager, runtime, venv, cache, env }) {
  const tools = await toolsEnv({ manager, runtime, cache })
  const command = COMMANDS[manager.name](tools, venv, cache, runtime.python)
  step(command.label)
  const status = await run(command.cmd, command.args, { env: { ...env, ...command.env } })
  if (status !== 0) fail(`${manager.name} could not install the app's dependencies (see its error above).`)
}

/** What the install would run, as text: part of the cache key, so changing a command reinstalls. */
function installSignature(manager) {
  const command = COMMANDS[manager.name]('', '', '', '')
  return JSON.stringify([manager.tools, command.args, command.env])
}

/** Whether the manager makes the virtual environment itself (else the buildpack makes it first). */
const makesEnvironment = (manager) => manager.name === 'uv'

module.exports = { installDependencies, installSignature, makesEnvironment }
