import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import { findAddonService } from '../../core/addons/catalog.js'
import { PlatformError } from '../../core/errors/platform-error.js'
import { runAddonProviderContract } from '../addon-provider.contract.js'
import { RedisProvider } from './redis-provider.js'
import { RespClient } from './resp-client.js'
import { startRedis, TEST_REDIS_URL } from '../../../test/support/redis.js'

const plan = findAddonService('berth-redis')!.plans[0]!

async function withClient<T>(url: string, work: (client: RespClient) => Promise<T>): Promise<T> {
  const client = await RespClient.open(url, 3000)
  try {
    return await work(client)
  } finally {
    client.close()
  }
}

const provider = new RedisProvider(TEST_REDIS_URL)

runAddonProviderContract('berth-redis', {
  provider,
  unreachable: new RedisProvider('redis://admin:admin-secret@127.0.0.1:1'),
  write: (config, value) => withClient(config.URL!, (c) => c.command('SET', `${config.KEY_PREFIX}note`, value)).then(() => {}),
  read: (reader, owner) => withClient(reader.URL!, async (c) => String(await c.command('GET', `${owner.KEY_PREFIX}note`))),
  leftovers: (providerId) => withClient(TEST_REDIS_URL, async (c) => {
    const user = (await c.command('ACL', 'GETUSER', providerId)) === null ? [] : [providerId]
    const [, keys] = (await c.command('SCAN', '0', 'MATCH', `${providerId}:*`, 'COUNT', '10000')) as [string, string[]]
    return [...user, ...keys]
  }),
})

describe('berth-redis specifics', () => {
  it('confines the user to its prefix: no FLUSHALL, no KEYS or SCAN, no other keys', async () => {
    const addon = await provider.provision({ addonId: randomUUID(), plan })
    try {
      await withClient(addon.config.URL!, async (c) => {
        await c.command('SET', `${addon.config.KEY_PREFIX}a`, '1')
        await assert.rejects(c.command('SET', 'unprefixed', '1'), /NOPERM/)
        await assert.rejects(c.command('FLUSHALL'), /NOPERM/)
        await assert.rejects(c.command('KEYS', '*'), /NOPERM/)
        await assert.rejects(c.command('SCAN', '0'), /NOPERM/, 'SCAN would list other add-ons\' key names')
        await assert.rejects(c.command('RANDOMKEY'), /NOPERM/)
        assert.match(String(await c.command('INFO', 'server')), /redis_version/)
      })
      assert.equal((await provider.describe(addon.providerId))?.Keys, '1')
    } finally {
      await provider.deprovision(addon.providerId)
    }
  })

  it('answers a stopped Redis and a refusing one with unavailable, leaving nothing behind', async () => {
    const redis = await startRedis()
    try {
      await withClient(redis.url, (c) => c.command('ACL', 'SETUSER', 'weak', 'on', '>weak-pass', '~*', '+@all', '-@admin', '-@dangerous'))
      const weak = new URL(redis.url)
      weak.username = 'weak'
      weak.password = 'weak-pass'
      const weakUrl = weak.toString()
      await assert.rejects(
        new RedisProvider(weakUrl).provision({ addonId: randomUUID(), plan }),
        (e: unknown) => e instanceof PlatformError && e.id === 'unavailable' && /NOPERM/.test(e.message) && !e.message.includes('weak-pass'),
      )
      assert.deepEqual(await withClient(redis.url, (c) => c.command('ACL', 'USERS')), ['default', 'weak'])
      await redis.stop()
      await assert.rejects(
        new RedisProvider(redis.url).provision({ addonId: randomUUID(), plan }),
        (e: unknown) => e instanceof PlatformError && e.id === 'unavailable' && /ECONNREFUSED/.test(e.message),
      )
    } finally {
      await redis.stop()
    }
  })
})
