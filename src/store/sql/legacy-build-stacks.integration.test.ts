import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { STORE_DIALECTS } from '../../../test/support/store-dialects.js'
import { SecretBox } from '../secret-box.js'
import { migrate } from './migrate.js'

for (const dialect of STORE_DIALECTS) {
  describe(`Builds stored by an older Berth (${dialect.name})`, () => {
    it("take the stack of the slug they made, else their app's build stack", async (t) => {
      const db = await dialect.create()
      t.after(() => db.drop())
      const driver = db.connect()
      const at = new Date().toISOString()
      // The schema as it was before builds recorded their stack.
      await migrate(driver, db.migrations.filter((m) => m.version < 10))
      await driver.query('INSERT INTO accounts (id, email, is_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', ['u1', 'u@example.com', false, at, at])
      const app = (id: string, stack: string, buildStack: string | null) => driver.query(
        'INSERT INTO apps (id, name, owner_id, stack, build_stack, region, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)', [id, `app-${id}`, 'u1', stack, buildStack, 'us', at, at])
      const build = (id: string, appId: string, status: string, slugId: string | null) => driver.query(
        `INSERT INTO builds (id, app_id, status, buildpacks, slug_id, actor_email, created_at, updated_at) VALUES (?, ?, ?, '[]', ?, ?, ?, ?)`, [id, appId, status, slugId, 'u@example.com', at, at])
      // An app moved to heroku-22 by stack:set after a build on heroku-24, and one made before apps had a build stack.
      await app('a1', 'heroku-24', 'heroku-22')
      await app('a2', 'berth-24', null)
      await driver.query(
        'INSERT INTO slugs (id, app_id, process_types, stack, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['s1', 'a1', '{}', 'heroku-24', at, at])
      await build('b1', 'a1', 'succeeded', 's1')
      await build('b2', 'a1', 'failed', null)
      await build('b3', 'a2', 'failed', null)
      await driver.close()
      const store = await db.open(new SecretBox(randomBytes(32)))
      try {
        const stacks = await Promise.all([['a1', 'b1'], ['a1', 'b2'], ['a2', 'b3']].map(async ([appId, id]) => (await store.getBuild(appId!, id!))?.stack))
        assert.deepEqual(stacks, ['heroku-24', 'heroku-22', 'berth-24'])
      } finally {
        await store.close()
      }
    })
  })
}
