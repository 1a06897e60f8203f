import { before, after } from 'node:test'
import type { Actor } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { planInitialReleases } from '../core/releases/plan-initial-releases.js'
import type { StoreHarness } from './store.contract.js'
import type { Store } from './store.js'

let counter = 0
/** A name no other test of this process has used. */
export const uniqueName = (prefix: string) => `${prefix}${process.pid}-${++counter}`

export interface ContractRig {
  readonly store: Store
  /** The account the rig's apps belong to. */
  readonly actor: Actor
  /** A new app, the rig's account's (or `ownerId`'s). */
  newApp(ownerId?: string): Promise<App>
  /** Every text the store holds at rest, to check that secrets are sealed. */
  dumpAllText(): Promise<string>
}

/** What each part of the Store contract starts from: the store opened before its tests (closed after) and an account. */
export function contractRig(open: () => Promise<StoreHarness>, label: string): ContractRig {
  let harness: StoreHarness | null = null
  let actor: Actor | null = null
  before(async () => {
    harness = await open()
    const owner = await harness.store.createAccount({ email: `${uniqueName(label)}@example.com`, name: null, passwordHash: null, isAdmin: false })
    actor = { id: owner.id, email: owner.email }
  })
  after(async () => harness?.cleanup())
  return {
    get store() { return harness!.store },
    get actor() { return actor! },
    newApp: (ownerId) => harness!.store.createApp(
      { name: uniqueName(`${label}-`).replace(/[^a-z0-9-]/g, ''), ownerId: ownerId ?? actor!.id!, stack: 'berth-24', region: 'us' }, planInitialReleases(actor!)),
    dumpAllText: () => harness!.dumpAllText(),
  }
}
