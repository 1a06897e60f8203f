import { randomBytes } from 'node:crypto'
import { findAddonService } from '../../core/addons/catalog.js'
import type { AddonProvider, Provisioned, ProvisionRequest } from '../addon-provider.js'
import { providerUnavailable } from '../provider-errors.js'
import { checkServerVersion } from '../../core/addons/addon-options.js'

interface Resource {
  user: string
  password: string
  /** What the add-on's own credentials stored. */
  data: string | null
  connectionLimit: number | null
}

/**
 * An AddonProvider whose server lives in memory, for fast tests of what uses add-ons. It passes the
 * provider contract as the real ones do: credentials that work only for their own add-on, nothing
 * left after deprovisioning, and `unavailable` naming the address while its server is unreachable
 * (`reachable = false`, which also stands in for an outage of a real provider).
 */
export class FakeAddonProvider implements AddonProvider {
  /** Whether calls reach the server; when not, each fails at once as a refused connection would. */
  reachable: boolean
  /** Every call, in order (`provision <addonId>`, `deprovision <providerId>`, `describe <providerId>`), failed ones too. */
  readonly calls: string[] = []
  readonly #resources = new Map<string, Resource>()
  readonly #address: string
  readonly #suffixes: readonly string[]
  readonly #version: string

  constructor(readonly service: string, options: { address?: string; reachable?: boolean; version?: string } = {}) {
    const known = findAddonService(service)
    if (!known) throw new Error(`${service} is not in the add-on catalog`)
    this.#suffixes = known.configSuffixes
    this.#address = options.address ?? '127.0.0.1:1'
    this.reachable = options.reachable ?? true
    this.#version = options.version ?? '16.4'
  }

  async serverVersion(): Promise<string> {
    this.#reach('serverVersion', 'read the server version')
    return this.#version
  }

  async provision(request: ProvisionRequest): Promise<Provisioned> {
    this.#reach(`provision ${request.addonId}`, 'provision')
    checkServerVersion('the fake server', this.service, request.version, this.#version)
    const providerId = `fake_${request.addonId.replace(/-/g, '')}`
    const resource = { user: providerId, password: randomBytes(12).toString('hex'), data: null, connectionLimit: request.plan.connectionLimit }
    this.#resources.set(providerId, resource)
    const url = `fake://${resource.user}:${resource.password}@${this.#address}/${providerId}`
    return { providerId, config: Object.fromEntries(this.#suffixes.map((suffix) => [suffix, suffix === 'URL' ? url : `${providerId}:`])) }
  }

  async deprovision(providerId: string): Promise<void> {
    this.#reach(`deprovision ${providerId}`, 'deprovision')
    this.#resources.delete(providerId)
  }

  async describe(providerId: string): Promise<Record<string, string> | null> {
    this.#reach(`describe ${providerId}`, 'describe')
    const resource = this.#resources.get(providerId)
    if (!resource) return null
    return { Data: resource.data === null ? 'empty' : 'written', 'Connection limit': String(resource.connectionLimit ?? 'none') }
  }

  /** Stores `value` as the add-on whose config this is; rejects credentials the server does not know. */
  async write(config: Provisioned['config'], value: string): Promise<void> {
    this.#login(config).data = value
  }

  /** Reads what `owner` stored, signed in as `reader`: refused unless they are the same add-on. */
  async read(reader: Provisioned['config'], owner: Provisioned['config']): Promise<string> {
    const resource = this.#login(reader)
    if (resource !== this.#login(owner)) throw new Error('permission denied')
    return resource.data ?? ''
  }

  /** What exists on the server for this add-on: its user and its data. */
  leftovers(providerId: string): string[] {
    const resource = this.#resources.get(providerId)
    return resource ? [`user ${resource.user}`, `data ${providerId}`] : []
  }

  #reach(call: string, action: string): void {
    this.calls.push(call)
    if (!this.reachable) throw providerUnavailable(this.service, action, Object.assign(new Error(`connect ECONNREFUSED ${this.#address}`), { code: 'ECONNREFUSED' }))
  }

  #login(config: Provisioned['config']): Resource {
    const url = new URL(config.URL ?? '')
    const resource = this.#resources.get(url.pathname.slice(1))
    if (!resource || resource.user !== url.username || resource.password !== url.password) throw new Error('authentication failed')
    return resource
  }
}
