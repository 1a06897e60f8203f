import assert from 'node:assert/strict'
import { it } from 'node:test'
import { openSqliteServiceRig as open } from '../../test/support/sqlite-service-rig.js'
import { waitFor } from '../../test/support/wait-for.js'
import { createAddon } from './create-addon.js'
import { destroyAddon } from './destroy-addon.js'
import { scaleFormation } from './scale-formation.js'
import { updateApp } from './update-app.js'
import { updateConfigVars } from './update-config-vars.js'

it('publishes app webhook events where apps, releases, formation and attachments change', async (t) => {
  const rig = await open(t)
  const owner = await rig.account()
  const app = await rig.app(owner)
  await updateConfigVars(rig.deps, owner, app.name, { FOO: 'bar' })
  await scaleFormation(rig.deps, owner, app.name, [])
  await rig.deploy(owner, app, { web: 'node server.js', worker: 'node worker.js' })
  const before = rig.webhookEvents.length
  await scaleFormation(rig.deps, owner, app.name, [{ type: 'worker', quantity: 2 }, { type: 'web', quantity: 1 }])
  await updateApp(rig.deps, owner, app.name, { maintenance: true })
  const addon = await createAddon(rig.deps, owner, app.name, { plan: 'berth-postgresql', config: {} })
  await destroyAddon(rig.deps, owner, app.name, addon.name)
  const seen = (from = 0) => rig.webhookEvents.slice(from).map((e) => `${e.entity} ${e.action}`)
  assert.deepEqual(seen().slice(0, 3), ['api:app create', 'api:release create', 'api:release update'])
  // Scaling web from 1 to 1 changes nothing: only worker is published.
  assert.deepEqual(seen(before).slice(0, 2), ['api:formation update', 'api:app update'])
  await waitFor(() => seen(before).filter((e) => e === 'api:release update').length === 2, { what: 'the attach and detach releases to settle' })
  assert.deepEqual(seen(before).filter((e) => e.startsWith('api:addon-attachment')), ['api:addon-attachment create', 'api:addon-attachment destroy'])
  assert.ok(rig.webhookEvents.every((e) => e.appId === app.id))
})
