import assert from 'node:assert/strict'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_python_admin_key_0123456789'

/** Python apps pushed with real git, built with real pip and uv against PyPI, served through the router. */
describe('languages: Python', () => {
  let berth: BerthProcess
  const api = apiClient(() => berth.apiUrl, KEY)

  const createApp = async (name: string) => assert.equal((await api('POST', '/apps', { name })).status, 201)
  const push = async (dir: string, app: string) => {
    const started = Date.now()
    const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], dir)
    return { ...pushed, ms: Date.now() - started }
  }
  const pushOk = async (dir: string, app: string) => {
    const pushed = await push(dir, app)
    assert.equal(pushed.code, 0, pushed.stderr)
    return pushed
  }
  const edit = (dir: string, from: string, to: string) => writeFileSync(join(dir, 'app.py'), readFileSync(join(dir, 'app.py'), 'utf8').replace(from, to))
  const commitAll = async (dir: string, message: string) => git(['commit', '-q', '-am', message], dir)
  /** Waits until the app answers 200 with a body matching `pattern`, and returns that body. */
  const served = (app: string, pattern: RegExp) => waitFor(async () => {
    const response = await routerGet(berth.routerUrl, `${app}.localhost`)
    return response.status === 200 && pattern.test(response.body) ? response.body : null
  }, { timeoutMs: 20_000, what: `${app} to serve ${pattern}` })

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
  })
  after(async () => berth?.stop())

  describe('Flask + gunicorn with requirements.txt', () => {
    let dir: string
    let coldMs: number

    before(async () => {
      await createApp('flask')
      dir = await fixtureRepo('python-flask')
    })

    it('installs with pip into the slug and serves through the router', async () => {
      const pushed = await pushOk(dir, 'flask')
      coldMs = pushed.ms
      assert.match(pushed.stderr, /-----> Python app detected/)
      assert.match(pushed.stderr, /-----> No Python version was specified\. Using the newest available: Python 3\.\d+\.\d+/)
      assert.match(pushed.stderr, /-----> Installing requirements with pip/)
      assert.match(pushed.stderr, /Successfully installed .*flask-3\.1\.3 .*gunicorn-27\.0\.1/)
      assert.match(pushed.stderr, /Procfile declares types -> web/)
      assert.match(await served('flask', /v1/), /^hello from flask v1 on python 3\.\d+ \(web\.1\)\n$/)
    })

    it('reuses the cached environment on a code-only push, and is fast next to the first', async (t) => {
      edit(dir, "'v1'", "'v2'")
      await commitAll(dir, 'code only')
      const pushed = await pushOk(dir, 'flask')
      assert.match(pushed.stderr, /-----> Using cached install of Python 3\.\d+\.\d+/)
      assert.match(pushed.stderr, /requirements\.txt unchanged: reusing the virtual environment from the last build/)
      assert.doesNotMatch(pushed.stderr, /Installing requirements with pip/)
      t.diagnostic(`push to released: cold ${coldMs} ms, code-only ${pushed.ms} ms`)
      assert.ok(pushed.ms < coldMs / 2, `warm push took ${pushed.ms} ms, cold took ${coldMs} ms`)
      await served('flask', /hello from flask v2/)
    })

    it('reinstalls when requirements.txt changes', async () => {
      appendFileSync(join(dir, 'requirements.txt'), 'six==1.17.0\n')
      await commitAll(dir, 'add six')
      const pushed = await pushOk(dir, 'flask')
      assert.match(pushed.stderr, /-----> Discarding cache since requirements\.txt/)
      assert.match(pushed.stderr, /-----> Installing requirements with pip/)
      assert.match(pushed.stderr, /Successfully installed .*six-1\.17\.0/)
      await served('flask', /hello from flask v2/)
    })

    it("fails the push with pip's own error on a package that does not exist, and the old release keeps serving", async () => {
      appendFileSync(join(dir, 'requirements.txt'), 'berth-no-such-package-4f1c2a==1.0\n')
      edit(dir, "'v2'", "'v3'")
      await commitAll(dir, 'broken requirements')
      const pushed = await push(dir, 'flask')
      assert.notEqual(pushed.code, 0)
      assert.match(pushed.stderr, /ERROR: (Could not find a version that satisfies the requirement|No matching distribution found for) berth-no-such-package-4f1c2a==1\.0/)
      assert.match(pushed.stderr, / ! {5}pip could not install the app's dependencies/)
      assert.match(pushed.stderr, /Push rejected, failed to compile app/)
      assert.match((await routerGet(berth.routerUrl, 'flask.localhost')).body, /hello from flask v2/)
    })

    it('fails the push naming the available versions when .python-version asks for one that is not there', async () => {
      await git(['reset', '-q', '--hard', 'HEAD~1'], dir)
      writeFileSync(join(dir, '.python-version'), '3.99\n')
      await git(['add', '.python-version'], dir)
      await commitAll(dir, 'ask for python 3.99')
      const pushed = await push(dir, 'flask')
      assert.notEqual(pushed.code, 0)
      assert.match(pushed.stderr, / ! {5}Python 3\.99 \(from \.python-version\) is not available on this Berth\./)
      assert.match(pushed.stderr, / ! {5}Available Python versions: (\d+\.\d+\.\d+, )*3\.11\.\d+/)
      assert.match((await routerGet(berth.routerUrl, 'flask.localhost')).body, /hello from flask v2/)
    })
  })

  it("multi-buildpack: heroku/nodejs builds the assets on the Node.js it asked for, then heroku/python's post_compile runs with that Node from its export", async () => {
    await createApp('assets')
    const set = await api('PUT', '/apps/assets/buildpack-installations', { updates: [{ buildpack: 'heroku/nodejs' }, { buildpack: 'heroku/python' }] })
    assert.equal(set.status, 200)
    const dir = await fixtureRepo('node-python-assets')
    const pushed = await pushOk(dir, 'assets')
    const lines = pushed.stderr.split('\n').map((line) => line.replace(/^remote:\s*/, '').trim())
    const at = (line: string) => lines.findIndex((l) => l === line)
    assert.ok(at('-----> Node.js app detected') >= 0 && at('-----> Node.js app detected') < at('-----> Python app detected'), pushed.stderr)
    assert.ok(at('-----> Running build') < at('-----> Python app detected'), 'the asset step runs in the Node.js build')
    assert.ok(at('-----> Running post-compile hook') > at('-----> Python app detected'), pushed.stderr)
    // Both steps ran on the Node.js 18 engines.node asked for (the machine's is newer), and the slug runs Python.
    assert.match(await served('assets', /serves/), /^python 3\.\d+ serves \/\* built by node v18\.\d+\.\d+ \*\/; post_compile sees node v18\.\d+\.\d+\n$/)
  })

  it('builds a Poetry project with poetry sync from poetry.lock (main group only), serves it, and reuses it on a code-only push', async () => {
    await createApp('poetry-app')
    const dir = await fixtureRepo('python-poetry')
    const first = await pushOk(dir, 'poetry-app')
    assert.match(first.stderr, /-----> Installing dependencies using 'poetry sync --only main'/)
    assert.doesNotMatch(first.stderr, /pytest/, 'the dev group stays out of the slug')
    assert.match(await served('poetry-app', /poetry v1/), /^hello from poetry v1, gunicorn 27\.0\.1, python 3\.\d+\n$/)
    edit(dir, "'v1'", "'v2'")
    await commitAll(dir, 'code only')
    const second = await pushOk(dir, 'poetry-app')
    assert.match(second.stderr, /poetry\.lock, pyproject\.toml unchanged: reusing the virtual environment/)
    assert.doesNotMatch(second.stderr, /poetry sync/)
    await served('poetry-app', /poetry v2/)
  })

  it('builds a uv project with uv sync from uv.lock, set as heroku/python, and reuses it on a code-only push', async () => {
    await createApp('uv-app')
    const set = await api('PUT', '/apps/uv-app/buildpack-installations', { updates: [{ buildpack: 'heroku/python' }] })
    assert.equal(set.status, 200)
    const dir = await fixtureRepo('python-uv')
    const first = await pushOk(dir, 'uv-app')
    assert.match(first.stderr, /-----> Installing pip 26\.3 and uv 0\.13\.9/)
    assert.match(first.stderr, /-----> Installing dependencies using 'uv sync --locked --no-default-groups'/)
    assert.match(first.stderr, /\+ gunicorn==27\.0\.1/)
    assert.doesNotMatch(first.stderr, /pytest/, 'the dev group stays out of the slug')
    assert.match(await served('uv-app', /uv v1/), /^hello from uv v1, gunicorn 27\.0\.1, python 3\.\d+\n$/)

    edit(dir, "'v1'", "'v2'")
    await commitAll(dir, 'code only')
    const second = await pushOk(dir, 'uv-app')
    assert.match(second.stderr, /uv\.lock, pyproject\.toml unchanged: reusing the virtual environment/)
    assert.doesNotMatch(second.stderr, /uv sync/)
    await served('uv-app', /uv v2/)
  })

  it('builds Django with collectstatic (skipped with DISABLE_COLLECTSTATIC=1) and migrates a real PostgreSQL add-on in the release phase', async () => {
    await createApp('django')
    const addon = await api('POST', '/apps/django/addons', { plan: 'heroku-postgresql' })
    assert.equal(addon.status, 201, JSON.stringify(addon.body))
    const dir = await fixtureRepo('python-django')
    const pushed = await pushOk(dir, 'django')
    assert.match(pushed.stderr, /-----> \$ python manage\.py collectstatic --noinput/)
    assert.match(pushed.stderr, /1 static file copied to '\/app\/staticfiles'/)
    assert.match(pushed.stderr, /Procfile declares types -> web, release/)
    assert.match(pushed.stderr, /Applying notes\.0001_initial\.\.\. OK/)
    assert.equal(await served('django', /django v1/), 'django v1: written by the release phase\n')

    assert.equal((await api('PATCH', '/apps/django/config-vars', { DISABLE_COLLECTSTATIC: '1' })).status, 200)
    const views = join(dir, 'notes/views.py')
    writeFileSync(views, readFileSync(views, 'utf8').replace("'v1'", "'v2'"))
    await commitAll(dir, 'code only')
    const again = await pushOk(dir, 'django')
    assert.match(again.stderr, /requirements\.txt unchanged: reusing the virtual environment/)
    assert.match(again.stderr, /-----> Skipping Django collectstatic since the env var DISABLE_COLLECTSTATIC is set\./)
    assert.doesNotMatch(again.stderr, /collectstatic --noinput/)
    assert.match(again.stderr, /No migrations to apply\./)
    assert.equal(await served('django', /django v2/), 'django v2: written by the release phase\n')
  })
})
