import assert from 'node:assert/strict'
import { randomBytes, randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { STORE_DIALECTS } from '../../../test/support/store-dialects.js'
import { PlatformError } from '../../core/errors/platform-error.js'
import { SecretBox } from '../secret-box.js'
import { migrate } from './migrate.js'

for (const dialect of STORE_DIALECTS) {
  describe(`Drain URLs stored by an older Berth (${dialect.name})`, () => {
    it('are sealed when the store opens, read back as before, and stay one per URL per app', async (t) => {
      const db = await dialect.create()
      t.after(() => db.drop())
      const driver = db.connect()
      const password = randomUUID()
      const url = `https://user:${password}@logs.example.com/ingest`
      const at = new Date().toISOString()
      // The schema as it was before drain URLs were sealed, with a drain in the clear.
      await migrate(driver, db.migrations.filter((m) => m.version < 7))
      await driver.query('INSERT INTO accounts (id, email, is_admin, created_at, updated_at) VALUES (?, ?, ?, ?, ?)', ['u1', 'u@example.com', false, at, at])
      await driver.query('INSERT INTO apps (id, name, owner_id, stack, region, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)', ['a1', 'demo', 'u1', 'berth-24', 'us', at, at])
      await driver.query('INSERT INTO log_drains (id, app_id, url, token, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)', ['d1', 'a1', url, 'd.old', at, at])
      await driver.close()
      const store = await db.open(new SecretBox(randomBytes(32)))
      try {
        assert.deepEqual((await store.listDrains('a1')).map((d) => [d.id, d.url, d.token]), [['d1', url, 'd.old']])
        await assert.rejects(store.addDrain('a1', url, 'd.again'), (e: unknown) => e instanceof PlatformError && e.id === 'conflict')
      } finally {
        await store.close()
      }
      const reader = db.connect()
      const [row] = await reader.query<{ url: string }>('SELECT url FROM log_drains WHERE id = ?', ['d1'])
      await reader.close()
      assert.match(row!.url, /^v1\./)
      assert.ok(!row!.url.includes(password), 'the password is no longer in the row')
    })
  })
}
