import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, it } from 'node:test'
import { EXAMPLE_TARGET, manifestExamples } from '../../../test/fixtures/kubernetes/manifest-examples.js'
import { specFor } from '../scheduler.contract.js'
import { objectName } from './manifest-names.js'
import { planAppManifests } from './plan-manifests.js'

const GOLDEN = resolve(import.meta.dirname, '../../../test/fixtures/kubernetes')

describe('planAppManifests', () => {
  // Run with BERTH_UPDATE_GOLDEN=1 to write the files again, then read the diff.
  for (const [name, manifests] of Object.entries(manifestExamples())) {
    it(`plans exactly the golden manifests of ${name}`, () => {
      const path = join(GOLDEN, `${name}.json`)
      if (process.env.BERTH_UPDATE_GOLDEN === '1') writeFileSync(path, `${JSON.stringify(manifests, null, 2)}\n`)
      assert.deepEqual(JSON.parse(JSON.stringify(manifests)), JSON.parse(readFileSync(path, 'utf8')))
    })
  }

  it('gives the platform\'s variables on the container, where they win over a config var of the same name', () => {
    const spec = specFor('inspector', { env: { PORT: '1', DYNO: 'mine', GREETING: 'hi' } })
    const { deployments, secrets } = planAppManifests(EXAMPLE_TARGET, [spec], () => 'https://slugs.test/x')
    const container = (deployments[0] as any).spec.template.spec.containers[0]
    const env = Object.fromEntries(container.env.map((v: { name: string; value: string }) => [v.name, v.value]))
    assert.deepEqual([env.PORT, env.DYNO, env.PS, env.HOME, env.GREETING], ['5000', 'web.1', 'web.1', '/app', undefined])
    const config = secrets.find((s) => s.metadata.name.includes('config'))!.data as Record<string, string>
    assert.deepEqual(Object.keys(config).sort(), ['DYNO', 'GREETING'])
  })

  it('starts a new Deployment for a new release or generation, so Berth\'s rollout moves traffic, not the Deployment\'s', () => {
    const spec = specFor('inspector')
    const names = [spec, { ...spec, releaseVersion: 4, releaseId: 'next' }, { ...spec, generation: 1 }]
      .map((s) => planAppManifests(EXAMPLE_TARGET, [s], () => 'u').deployments[0]!.metadata.name)
    assert.equal(new Set(names).size, 3)
  })

  it('keeps names DNS-safe and apart when they had to change', () => {
    assert.equal(objectName('shop', 'web', 'v3'), 'shop-web-v3')
    assert.match(objectName('Shop', 'clock_worker', 'v3'), /^shop-clock-worker-v3-[0-9a-f]{10}$/)
    assert.notEqual(objectName('a_b'), objectName('a-b'))
    assert.ok(objectName('x'.repeat(80)).length <= 52)
  })
})
