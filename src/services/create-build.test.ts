import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { describe, it, type TestContext } from 'node:test'
import { BuildError } from '../build/builder.js'
import type { Account } from '../core/accounts/account.js'
import { refused } from '../../test/support/refused.js'
import { ScriptedBuilder } from '../../test/support/scripted-builder.js'
import { openSqliteServiceRig } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { createAuthorization } from './create-authorization.js'
import { createBuild } from './create-build.js'
import { createSource } from './create-source.js'
import type { ServiceRig } from './service-rig.js'
import { setBuildpacks } from './set-buildpacks.js'
import { updateConfigVars } from './update-config-vars.js'
import { uploadSource } from './upload-source.js'

const WEB_URL = 'https://demo.localhost/'

async function open(t: TestContext) {
  const builder = new ScriptedBuilder()
  return { builder, rig: await openSqliteServiceRig(t, { builder }) }
}

/** A source uploaded as `POST /sources` and its put_url would: its get_url, with the token. */
async function uploaded(rig: ServiceRig, account: Account, bytes: string | null = 'tarball bytes') {
  const { token } = await createAuthorization(rig.deps, account)
  const source = createSource(rig.deps, { account, tokenId: token.id })
  if (bytes !== null) await uploadSource(rig.deps, source.id, source.putToken, Readable.from([Buffer.from(bytes)]))
  return `https://berth.test/sources/${source.id}?token=${encodeURIComponent(source.getToken)}`
}

async function finished(rig: ServiceRig, appId: string, buildId: string) {
  return waitFor(async () => {
    const build = await rig.store.getBuild(appId, buildId)
    return build && build.status !== 'pending' ? build : null
  }, { what: 'the build to finish' })
}

describe('createBuild', () => {
  it('answers with the pending build, then builds the uploaded source with the latest config and releases it', async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await updateConfigVars(rig.deps, owner, app.name, { NODE_ENV: 'production' })
    builder.script = { lines: ['-----> Scripted app detected'], processTypes: { web: 'node server.js', worker: 'node worker.js' } }
    const url = await uploaded(rig, owner)
    const { build } = await createBuild(rig.deps, owner, app.name, { sourceUrl: url, version: 'abcdef0123456789', description: 'Fix it', webUrl: WEB_URL })
    assert.equal(build.status, 'pending')
    assert.equal(build.sourceUrl, url.slice(0, url.indexOf('?')), 'the token is not kept')

    const done = await finished(rig, app.id, build.id)
    const release = await rig.latest(app.id)
    assert.deepEqual([done.status, done.slugId, done.releaseId], ['succeeded', release.slugId, release.id])
    assert.deepEqual([release.description, release.status, release.current, release.configVars], ['Deploy abcdef01', 'succeeded', true, { NODE_ENV: 'production' }])
    const [request] = builder.requests
    assert.deepEqual([request!.sourceBytes?.toString(), request!.configVars, request!.sourceVersion, request!.buildpacks], ['tarball bytes', { NODE_ENV: 'production' }, 'abcdef0123456789', []])
    const slug = (await rig.store.getSlug(app.id, release.slugId!))!
    assert.deepEqual([slug.commit, slug.commitDescription, slug.processTypes.worker], ['abcdef0123456789', 'Fix it', 'node worker.js'])
    assert.deepEqual(await rig.buildOutput(build.id), [
      '-----> Scripted app detected', '-----> Launching...', `       Released v${release.version}`, `       ${WEB_URL} deployed to Berth`, 'Verifying deploy... done.',
    ])
    assert.ok(rig.messages(app.id).includes('api: Build succeeded'))
    assert.deepEqual(rig.running(app.id), ['web.1'])
  })

  it("takes the buildpacks asked for, else the app's, else BUILDPACK_URL", async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    await updateConfigVars(rig.deps, owner, app.name, { BUILDPACK_URL: 'https://example.com/bp.git' })
    const build = async (buildpacks?: string[]) => {
      const { build } = await createBuild(rig.deps, owner, app.name, { sourceUrl: await uploaded(rig, owner), buildpacks, webUrl: WEB_URL })
      assert.equal((await finished(rig, app.id, build.id)).status, 'succeeded')
      return build.buildpacks
    }
    assert.deepEqual(await build(['heroku/nodejs']), ['heroku/nodejs'])
    assert.deepEqual(await build(), [])
    await setBuildpacks(rig.deps, owner, app.name, ['heroku/go'])
    assert.deepEqual(await build(), ['heroku/go'])
    assert.deepEqual(builder.requests.map((r) => r.buildpacks), [['heroku/nodejs'], ['https://example.com/bp.git'], ['heroku/go']])
  })

  it('refuses a source that is not an uploaded Berth source, and bad labels or buildpacks, before recording a build', async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const url = await uploaded(rig, owner)
    const create = (input: { sourceUrl: string; version?: string; description?: string; buildpacks?: string[] }) => createBuild(rig.deps, owner, app.name, { ...input, webUrl: WEB_URL })
    const notOurs = refused('invalid_params', /^source_blob\.url must be a URL returned by POST \/sources\.$/)
    await assert.rejects(create({ sourceUrl: 'not a url' }), notOurs)
    await assert.rejects(create({ sourceUrl: 'https://example.com/app.tgz' }), notOurs)
    const gone = refused('not_found', /^Couldn't find that source\.$/)
    await assert.rejects(create({ sourceUrl: url.replace(/token=.*/, 'token=forged') }), gone)
    await assert.rejects(create({ sourceUrl: url.replace(/\?.*/, '') }), gone)
    await assert.rejects(create({ sourceUrl: await uploaded(rig, owner, null) }), refused('invalid_params', /^Nothing was uploaded to that source URL yet\.$/))
    await assert.rejects(create({ sourceUrl: url, version: 'a\0b' }), refused('invalid_params', /^source_blob\.version may not contain NUL/))
    await assert.rejects(create({ sourceUrl: url, description: 'x'.repeat(1025) }), refused('invalid_params', /^source_blob\.version_description is 1025 bytes long/))
    await assert.rejects(create({ sourceUrl: url, buildpacks: ['$(reboot)'] }), refused('invalid_params', /^Buildpacks must be names like heroku\/nodejs/))
    assert.deepEqual(await rig.store.listBuilds(app.id, { order: 'asc', max: 100 }), [])
    assert.deepEqual(builder.requests, [])
  })

  it("records a failed build with the builder's reason and no release", async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const app = await rig.app(owner)
    const before = await rig.latest(app.id)
    builder.script = { lines: ['-----> compiling'], error: new BuildError('compile step exited with status 1') }
    const first = (await createBuild(rig.deps, owner, app.name, { sourceUrl: await uploaded(rig, owner), webUrl: WEB_URL })).build
    const failed = await finished(rig, app.id, first.id)
    assert.deepEqual([failed.status, failed.slugId, failed.releaseId], ['failed', null, null])
    assert.deepEqual(await rig.buildOutput(first.id), ['-----> compiling', ' !     compile step exited with status 1'])
    assert.ok(rig.messages(app.id).includes(`api: Build failed -- check your build output: build ${first.id}`))
    // Berth's own failures are not shown to the user in its words.
    builder.script = { error: new Error('EACCES: /var/lib/berth/secret') }
    const second = (await createBuild(rig.deps, owner, app.name, { sourceUrl: await uploaded(rig, owner), webUrl: WEB_URL })).build
    assert.equal((await finished(rig, app.id, second.id)).status, 'failed')
    assert.deepEqual(await rig.buildOutput(second.id), [' !     Build failed: Berth hit an internal error.'])
    assert.equal((await rig.latest(app.id)).version, before.version)
    assert.deepEqual(await rig.store.listReleases(app.id, { order: 'desc', max: 100 }).then((r) => r.filter((x) => x.slugId)), [])
  })

  it('is refused to strangers as if the app did not exist', async (t) => {
    const { rig, builder } = await open(t)
    const owner = await rig.account()
    const stranger = await rig.account()
    const app = await rig.app(owner)
    await assert.rejects(createBuild(rig.deps, stranger, app.name, { sourceUrl: await uploaded(rig, stranger), webUrl: WEB_URL }), refused('not_found', /app/i))
    assert.deepEqual(await rig.store.listBuilds(app.id, { order: 'asc', max: 100 }), [])
    assert.deepEqual(builder.requests, [])
  })
})
