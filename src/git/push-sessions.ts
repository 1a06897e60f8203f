import { randomBytes } from 'node:crypto'
import type { Account } from '../core/accounts/account.js'
import type { App } from '../core/apps/app.js'
import { KeyedMutex } from '../concurrency/keyed-mutex.js'

export interface PushSession {
  app: App
  account: Account
  gitDir: string
  /** Releases the app's push lock; set once the hook holds it. */
  unlock: (() => void) | null
  ended: boolean
}

/**
 * A push's identity while git runs its hook: a random token handed to the hook
 * through the environment. One push per app at a time holds the app's lock,
 * from the moment its hook starts building until git has updated the refs.
 */
export class PushSessions {
  readonly #sessions = new Map<string, PushSession>()
  readonly #locks = new KeyedMutex()

  open(app: App, account: Account, gitDir: string): string {
    const token = randomBytes(24).toString('base64url')
    this.#sessions.set(token, { app, account, gitDir, unlock: null, ended: false })
    return token
  }

  get(token: string): PushSession | null {
    return this.#sessions.get(token) ?? null
  }

  /** Waits for the app's lock; returns false if the push ended meanwhile. */
  async lock(session: PushSession): Promise<boolean> {
    const unlock = await this.#locks.acquire(session.app.id)
    if (session.ended) {
      unlock()
      return false
    }
    session.unlock = unlock
    return true
  }

  close(token: string): void {
    const session = this.#sessions.get(token)
    if (!session) return
    session.ended = true
    session.unlock?.()
    this.#sessions.delete(token)
  }
}
