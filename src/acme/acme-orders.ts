import { Agent, get } from 'node:https'
import * as acme from 'acme-client'
import type { Store } from '../store/store.js'

/** A certificate an ACME server issued: the chain (PEM, leaf first), its key, when it expires. */
export interface IssuedCertificate {
  chain: string
  key: string
  expiresAt: Date
}

export interface AcmeOrdersOptions {
  directoryUrl: string
  /** The account's contact, if the operator gave one (Let's Encrypt mails expiry warnings there). */
  email: string | null
  /** PEM of the CA that signed the ACME server's own HTTPS certificate, for a private ACME server (Pebble in tests). */
  serverCa: string | null
  store: Pick<Store, 'acmeAccount' | 'saveAcmeAccount' | 'putAcmeChallenge' | 'deleteAcmeChallenge'>
}

// An HTTP-01 answer is needed for as long as the server takes to validate; a stale one goes soon after.
const CHALLENGE_TTL_MS = 15 * 60_000

/**
 * Orders certificates over ACME (RFC 8555) with `acme-client`, answering HTTP-01 through the store:
 * every Berth node's router serves `/.well-known/acme-challenge/<token>` from it, so the node that
 * orders need not be the one the ACME server reaches. The account (its key sealed) is in the store
 * too, one per directory, shared by every node.
 */
export class AcmeOrders {
  #client: Promise<acme.Client> | null = null
  #accountKey: string | null = null
  #accountSaved = false

  constructor(private readonly options: AcmeOrdersOptions) {
    // acme-client's own axios instance: only ACME requests use it.
    if (options.serverCa) acme.axios.defaults.httpsAgent = new Agent({ ca: options.serverCa })
    // It retries a failed request 5 times, 5 s more each time (75 s): one order must not hold the
    // others that long. Berth retries whole orders with its own backoff.
    const settings = (acme.axios.defaults as { acmeSettings?: { retryMaxAttempts: number; retryDefaultDelay: number } }).acmeSettings
    if (settings) Object.assign(settings, { retryMaxAttempts: 2, retryDefaultDelay: 2 })
  }

  /** Orders a certificate for one hostname (an ECDSA P-256 key of its own); throws with the ACME server's reason. */
  async order(hostname: string): Promise<IssuedCertificate> {
    try {
      return await this.#order(hostname)
    } catch (error) {
      // acme-client reports a server it cannot reach as a TypeError of its own: say what happened.
      const unreachable = await this.#unreachable()
      throw unreachable ? new Error(`could not reach the ACME server at ${this.options.directoryUrl}: ${unreachable}`, { cause: error }) : error
    }
  }

  /** Why the directory cannot be fetched, or null when it can. */
  #unreachable(): Promise<string | null> {
    return new Promise((resolve) => {
      const request = get(this.options.directoryUrl, { ...(this.options.serverCa ? { ca: this.options.serverCa } : {}), timeout: 10_000 }, (response) => {
        response.resume()
        resolve(null)
      })
      request.on('timeout', () => request.destroy(new Error('no answer within 10 s')))
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    })
  }

  async #order(hostname: string): Promise<IssuedCertificate> {
    const client = await this.#account()
    const [key, csr] = await acme.crypto.createCsr({ commonName: hostname, altNames: [hostname] }, await acme.crypto.createPrivateEcdsaKey())
    const { store } = this.options
    const chain = await client.auto({
      csr, email: this.options.email ?? undefined, termsOfServiceAgreed: true, challengePriority: ['http-01'],
      // The ACME server validates; a check of our own from here would go to port 80, which may not be this router's.
      skipChallengeVerification: true,
      challengeCreateFn: async (authz, challenge, keyAuthorization) => {
        if (challenge.type !== 'http-01') throw new Error(`Berth answers HTTP-01 challenges only, not ${challenge.type}`)
        await store.putAcmeChallenge(challenge.token, keyAuthorization, authz.identifier.value, new Date(Date.now() + CHALLENGE_TTL_MS))
      },
      challengeRemoveFn: async (_authz, challenge) => store.deleteAcmeChallenge(challenge.token),
    })
    if (!this.#accountSaved) {
      await store.saveAcmeAccount(this.options.directoryUrl, { key: this.#accountKey!, url: client.getAccountUrl() })
      this.#accountSaved = true
    }
    return { chain, key: key.toString(), expiresAt: acme.crypto.readCertificateInfo(chain).notAfter }
  }

  #account(): Promise<acme.Client> {
    this.#client ??= (async () => {
      const { store, directoryUrl } = this.options
      let account = await store.acmeAccount(directoryUrl)
      // The first node to save a key wins; the others use it.
      account ??= await store.saveAcmeAccount(directoryUrl, { key: (await acme.crypto.createPrivateEcdsaKey()).toString(), url: null })
      this.#accountKey = account.key
      this.#accountSaved = account.url !== null
      return new acme.Client({ directoryUrl, accountKey: account.key, ...(account.url ? { accountUrl: account.url } : {}) })
    })().catch((error: unknown) => {
      this.#client = null
      throw error
    })
    return this.#client
  }
}
