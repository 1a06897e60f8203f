import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { findAddonService } from '../core/addons/catalog.js'
import { PlatformError } from '../core/errors/platform-error.js'
import type { AddonProvider, Provisioned } from './addon-provider.js'

export interface ProviderHarness {
  provider: AddonProvider
  /** The same provider pointed at a server that is not there. */
  unreachable: AddonProvider
  /** Stores `value` using the add-on's own credentials. */
  write(config: Provisioned['config'], value: string): Promise<void>
  /** Reads what `owner` stored, using `reader`'s credentials; rejects when refused. */
  read(reader: Provisioned['config'], owner: Provisioned['config']): Promise<string>
  /** What of the provider's resources for this id still exists on the server (roles, databases, users, keys). */
  leftovers(providerId: string): Promise<string[]>
}

/** The one suite every AddonProvider passes against its real server (FakeAddonProvider: its server in memory). */
export function runAddonProviderContract(name: string, harness: ProviderHarness): void {
  describe(`AddonProvider contract: ${name}`, () => {
    const { provider } = harness
    const plan = findAddonService(provider.service)!.plans[0]!
    const made: Provisioned[] = []
    const provision = async () => {
      const result = await provider.provision({ addonId: randomUUID(), plan })
      made.push(result)
      return result
    }
    after(async () => {
      for (const { providerId } of made) await provider.deprovision(providerId)
    })

    it('provisions a resource its credentials can use, described while it lives', async () => {
      const addon = await provision()
      assert.match(addon.config.URL ?? '', /^[a-z]+:\/\/[^:]+:[^@]+@/)
      await harness.write(addon.config, 'hello from the app')
      assert.equal(await harness.read(addon.config, addon.config), 'hello from the app')
      assert.ok(await provider.describe(addon.providerId))
      assert.notDeepEqual(await harness.leftovers(addon.providerId), [])
    })

    it("keeps add-ons apart: one add-on's credentials cannot read another's data", async () => {
      const [a, b] = [await provision(), await provision()]
      assert.notEqual(a.config.URL, b.config.URL)
      await harness.write(a.config, 'secret of a')
      await assert.rejects(harness.read(b.config, a.config))
    })

    it('deprovisions completely, cutting the credentials off, and a second deprovision is harmless', async () => {
      const addon = await provision()
      await harness.write(addon.config, 'doomed')
      await provider.deprovision(addon.providerId)
      assert.deepEqual(await harness.leftovers(addon.providerId), [])
      assert.equal(await provider.describe(addon.providerId), null)
      await assert.rejects(harness.read(addon.config, addon.config))
      await provider.deprovision(addon.providerId)
    })

    it("honours --version for its server's own major version, and refuses another naming the one it offers", async () => {
      const version = await provider.serverVersion()
      assert.match(version, /^\d+(\.\d+)*$/)
      const major = version.split('.')[0]!
      const honoured = await provider.provision({ addonId: randomUUID(), plan, version: major })
      made.push(honoured)
      assert.ok(await provider.describe(honoured.providerId))
      await assert.rejects(
        provider.provision({ addonId: randomUUID(), plan, version: '1' }),
        (e: unknown) => e instanceof PlatformError && e.id === 'invalid_params'
          && e.message.startsWith(`${provider.service} offers `) && e.message.endsWith(` ${version} on this installation, not 1. Omit --version, or ask for --version ${major}.`),
      )
    })

    it('answers an unreachable server with unavailable and its address, quickly', async () => {
      const started = Date.now()
      await assert.rejects(
        harness.unreachable.provision({ addonId: randomUUID(), plan }),
        (e: unknown) => e instanceof PlatformError && e.id === 'unavailable' && e.message.startsWith(`${provider.service} could not`) && /127\.0\.0\.1:1\b/.test(e.message),
      )
      assert.ok(Date.now() - started < 5000, 'failed fast')
    })
  })
}
