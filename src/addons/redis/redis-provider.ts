import { randomBytes } from 'node:crypto'
import type { AddonProvider, Provisioned, ProvisionRequest } from '../addon-provider.js'
import { checkServerVersion } from '../../core/addons/addon-options.js'
import { providerUnavailable, serverAddress } from '../provider-errors.js'
import { RespClient } from './resp-client.js'

const SERVICE = 'berth-redis'
const PROVIDER_ID = /^addon_[0-9a-f]{16}$/
// Everything but what could reach other add-ons' keys or the server itself (FLUSHALL, KEYS, CONFIG,
// MONITOR, SORT … BY), or name their keys (SCAN and RANDOMKEY ignore key patterns; a session id in
// a key name is a secret). INFO is back because client libraries ask for it.
const COMMANDS = ['+@all', '-@dangerous', '-scan', '-randomkey', '+info']

/**
 * berth-redis: an ACL user with a random password, confined to its own key
 * (and channel) prefix `<user>:`, on the operator's Redis server. The prefix
 * reaches the app as `<ATTACHMENT>_KEY_PREFIX`. The admin user needs the ACL
 * commands.
 */
export class RedisProvider implements AddonProvider {
  readonly service = SERVICE
  readonly #adminUrl: string
  readonly #connectTimeoutMs: number

  constructor(adminUrl: string, options: { connectTimeoutMs?: number } = {}) {
    this.#adminUrl = adminUrl
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 5000
  }

  async provision({ addonId, version }: ProvisionRequest): Promise<Provisioned> {
    if (version !== undefined) checkServerVersion('Redis', SERVICE, version, await this.serverVersion())
    const user = `addon_${addonId.replace(/-/g, '').slice(0, 16)}`
    const password = randomBytes(24).toString('hex')
    const prefix = `${user}:`
    await this.#withAdmin('create a Redis user', [password], async (admin) => {
      await refuseOpenDefaultUser(admin)
      await admin.command('ACL', 'SETUSER', user, 'reset', 'on', `>${password}`, `~${prefix}*`, `&${prefix}*`, ...COMMANDS)
    })
    const server = new URL(this.#adminUrl)
    const url = new URL(`redis://${server.host}`)
    url.username = user
    url.password = password
    return { providerId: user, config: { URL: url.toString(), KEY_PREFIX: prefix } }
  }

  async serverVersion(): Promise<string> {
    return this.#withAdmin('read the server version', [], async (admin) => {
      const info = await admin.command('INFO', 'server')
      return /^redis_version:(\S+)/m.exec(String(info))?.[1] ?? ''
    })
  }

  async deprovision(providerId: string): Promise<void> {
    const user = checkId(providerId)
    await this.#withAdmin('remove a Redis user', [], async (admin) => {
      // Deleting the user first also disconnects it, so no key appears behind the sweep.
      await admin.command('ACL', 'DELUSER', user)
      let cursor = '0'
      do {
        const [next, keys] = (await admin.command('SCAN', cursor, 'MATCH', `${user}:*`, 'COUNT', '1000')) as [string, string[]]
        if (keys.length > 0) await admin.command('UNLINK', ...keys)
        cursor = next
      } while (cursor !== '0')
    })
  }

  async describe(providerId: string): Promise<Record<string, string> | null> {
    const user = checkId(providerId)
    return this.#withAdmin('describe a Redis user', [], async (admin) => {
      if ((await admin.command('ACL', 'GETUSER', user)) === null) return null
      let keys = 0
      let cursor = '0'
      do {
        const [next, found] = (await admin.command('SCAN', cursor, 'MATCH', `${user}:*`, 'COUNT', '1000')) as [string, string[]]
        keys += found.length
        cursor = next
      } while (cursor !== '0' && keys < 100_000)
      return { Keys: keys >= 100_000 ? '100000+' : String(keys), 'Key Prefix': `${user}:` }
    })
  }

  async #withAdmin<T>(action: string, secrets: string[], work: (admin: RespClient) => Promise<T>): Promise<T> {
    let admin: RespClient | undefined
    try {
      admin = await RespClient.open(this.#adminUrl, this.#connectTimeoutMs).catch((error: unknown) => {
        throw new Error(`could not connect to Redis at ${serverAddress(this.#adminUrl, 6379)}: ${(error as Error).message}`, { cause: error })
      })
      return await work(admin)
    } catch (error) {
      throw providerUnavailable(SERVICE, action, error, [...secrets, decodeURIComponent(new URL(this.#adminUrl).password)])
    } finally {
      admin?.close()
    }
  }
}

/**
 * A dyno with a Redis add-on reaches the server itself, so anything the server grants without a
 * password it grants to every such app: an enabled `default` user with `nopass` would read and
 * write every other add-on's keys. Such a server gets no add-ons.
 */
async function refuseOpenDefaultUser(admin: RespClient): Promise<void> {
  const described = await admin.command('ACL', 'GETUSER', 'default')
  const fields = Array.isArray(described) ? described : []
  const flags = fields[fields.indexOf('flags') + 1]
  if (Array.isArray(flags) && flags.includes('on') && flags.includes('nopass')) {
    throw new Error('the server lets anyone in as its default user without a password, so every app with a Redis add-on could use every other\'s keys; '
      + 'give it a password (requirepass) or turn it off (ACL SETUSER default off), and put the admin\'s credentials in BERTH_ADDON_REDIS_URL')
  }
}

function checkId(providerId: string): string {
  if (!PROVIDER_ID.test(providerId)) throw new Error(`not a berth-redis provider id: ${providerId}`)
  return providerId
}
