import { randomInt, randomUUID } from 'node:crypto'
import type { CheckedCertificate } from '../../core/certs/checked-certificate.js'
import type { AcmStatus, HostCertificate, SniEndpoint } from '../../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import { PlatformError } from '../../core/errors/platform-error.js'
import type { SecretBox } from '../secret-box.js'
import { toDomain, toSniEndpoint } from './rows.js'
import type { SqlDriver, SqlValue } from './sql-driver.js'

// Heroku names endpoints after Japanese cities (`tokyo-2`); Berth after harbours.
const ENDPOINT_WORDS = ['kobe', 'osaka', 'yokohama', 'hakodate', 'nagasaki', 'niigata', 'shimizu', 'moji', 'otaru', 'sakai']

/** Berth's account with an ACME directory: its key (PEM) and account URL. */
export interface AcmeAccount {
  key: string
  url: string | null
}

/** What an ACM order left for a domain: its certificate, or why it failed and when to try again. */
export type AcmOutcome =
  | { kind: 'issued'; chain: string; key: string; expiresAt: Date }
  | { kind: 'pending' }
  | { kind: 'failing' | 'failed'; reason: string; nextAttemptAt: Date | null }

/** SNI endpoints, the certificate each custom domain is served with, and ACM's state (keys sealed). */
export class CertificateQueries {
  constructor(
    private readonly db: SqlDriver,
    private readonly box: SecretBox,
    private readonly now: () => Date,
  ) {}

  async listEndpoints(appId: string): Promise<SniEndpoint[]> {
    return (await this.db.query('SELECT * FROM sni_endpoints WHERE app_id = ? ORDER BY created_at, name', [appId])).map(toSniEndpoint)
  }

  async createEndpoint(appId: string, cert: CheckedCertificate): Promise<SniEndpoint> {
    const at = this.now().toISOString()
    for (let attempt = 0; ; attempt++) {
      const name = `${ENDPOINT_WORDS[randomInt(ENDPOINT_WORDS.length)]}-${randomInt(10_000, 100_000)}`
      try {
        const rows = await this.db.query(
          `INSERT INTO sni_endpoints (id, app_id, name, certificate_chain, private_key, cert_domains, subject, issuer, starts_at, expires_at, ca_signed, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
          [randomUUID(), appId, name, ...this.#certColumns(cert), at, at],
        )
        return toSniEndpoint(rows[0]!)
      } catch (error) {
        // A name another endpoint has: draw again (90 000 names per word).
        if (attempt < 5 && error instanceof PlatformError && error.id === 'conflict') continue
        throw error
      }
    }
  }

  async updateEndpoint(endpointId: string, cert: CheckedCertificate): Promise<SniEndpoint | null> {
    const rows = await this.db.query(
      `UPDATE sni_endpoints SET certificate_chain = ?, private_key = ?, cert_domains = ?, subject = ?, issuer = ?, starts_at = ?, expires_at = ?, ca_signed = ?, updated_at = ?
       WHERE id = ? RETURNING *`,
      [...this.#certColumns(cert), this.now().toISOString(), endpointId],
    )
    return rows[0] ? toSniEndpoint(rows[0]) : null
  }

  /** Removes the endpoint; the domains it served go back to ACM's certificate or none. */
  async deleteEndpoint(endpointId: string): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query('UPDATE domains SET sni_endpoint_id = NULL, updated_at = ? WHERE sni_endpoint_id = ?', [this.now().toISOString(), endpointId])
      return (await tx.query('DELETE FROM sni_endpoints WHERE id = ? RETURNING id', [endpointId])).length > 0
    })
  }

  async setDomainEndpoint(domainId: string, endpointId: string | null): Promise<CustomDomain | null> {
    const rows = await this.db.query('UPDATE domains SET sni_endpoint_id = ?, updated_at = ? WHERE id = ? RETURNING *', [endpointId, this.now().toISOString(), domainId])
    return rows[0] ? toDomain(rows[0]) : null
  }

  async setAppAcm(appId: string, enabled: boolean): Promise<void> {
    await this.db.transaction(async (tx) => {
      const at = this.now().toISOString()
      await tx.query(`UPDATE apps SET acm = ${enabled ? 'TRUE' : 'FALSE'}, updated_at = ? WHERE id = ?`, [at, appId])
      // On: every domain is ordered now. Off: ACM forgets what it ordered (its certificates stop being served).
      if (enabled) await tx.query("UPDATE domains SET acm_status = 'pending', acm_status_reason = NULL, acm_next_attempt_at = NULL, acm_attempts = 0, acm_claimed_until = NULL WHERE app_id = ?", [appId])
      else {
        await tx.query(
          'UPDATE domains SET acm_status = NULL, acm_status_reason = NULL, acm_certificate_chain = NULL, acm_private_key = NULL, acm_expires_at = NULL, acm_next_attempt_at = NULL, acm_attempts = 0 WHERE app_id = ?',
          [appId],
        )
      }
    })
  }

  /** Records an order's outcome for a domain. */
  async recordAcm(domainId: string, outcome: AcmOutcome, attempts: number): Promise<void> {
    const at = this.now().toISOString()
    if (outcome.kind === 'issued') {
      await this.db.query(
        "UPDATE domains SET acm_status = 'cert issued', acm_status_reason = NULL, acm_certificate_chain = ?, acm_private_key = ?, acm_expires_at = ?, acm_next_attempt_at = NULL, acm_attempts = 0, acm_claimed_until = NULL, updated_at = ? WHERE id = ?",
        [outcome.chain, this.box.seal(outcome.key), outcome.expiresAt.toISOString(), at, domainId],
      )
      return
    }
    const status: AcmStatus = outcome.kind
    const reason = outcome.kind === 'pending' ? null : outcome.reason
    const next = outcome.kind === 'pending' ? null : outcome.nextAttemptAt?.toISOString() ?? null
    await this.db.query('UPDATE domains SET acm_status = ?, acm_status_reason = ?, acm_next_attempt_at = ?, acm_attempts = ?, acm_claimed_until = NULL, updated_at = ? WHERE id = ?', [status, reason, next, attempts, at, domainId])
  }

  /**
   * Every certificate the router serves, by hostname: a domain's chosen endpoint, else the one ACM
   * issued it while the app has ACM on. Keys opened here, for the router's book only.
   */
  async hostCertificates(): Promise<HostCertificate[]> {
    const rows = await this.db.query(
      `SELECT d.id AS domain_id, d.hostname, d.acm_certificate_chain, d.acm_private_key, d.updated_at AS domain_updated_at, a.acm,
              e.id AS endpoint_id, e.certificate_chain, e.private_key, e.updated_at AS endpoint_updated_at
       FROM domains d JOIN apps a ON a.id = d.app_id LEFT JOIN sni_endpoints e ON e.id = d.sni_endpoint_id
       WHERE e.id IS NOT NULL OR (a.acm AND d.acm_certificate_chain IS NOT NULL)`,
    )
    return rows.map((row) => row.endpoint_id
      ? { hostname: String(row.hostname), id: String(row.endpoint_id), version: stamp(row.endpoint_updated_at), chain: String(row.certificate_chain), key: this.box.open(String(row.private_key)) }
      : { hostname: String(row.hostname), id: String(row.domain_id), version: stamp(row.domain_updated_at), chain: String(row.acm_certificate_chain), key: this.box.open(String(row.acm_private_key)) })
  }

  /** The ACME account Berth uses with this directory, key opened, or null. */
  async acmeAccount(directoryUrl: string): Promise<AcmeAccount | null> {
    const rows = await this.db.query('SELECT account_key, account_url FROM acme_accounts WHERE directory_url = ?', [directoryUrl])
    return rows[0] ? { key: this.box.open(String(rows[0].account_key)), url: rows[0].account_url === null ? null : String(rows[0].account_url) } : null
  }

  /** Keeps the first account made for a directory (two nodes making one at once: the second's is dropped) and returns the one kept. */
  async saveAcmeAccount(directoryUrl: string, account: AcmeAccount): Promise<AcmeAccount> {
    await this.db.query('INSERT INTO acme_accounts (directory_url, account_key, account_url, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (directory_url) DO NOTHING',
      [directoryUrl, this.box.seal(account.key), account.url, this.now().toISOString()])
    await this.db.query('UPDATE acme_accounts SET account_url = COALESCE(account_url, ?) WHERE directory_url = ?', [account.url, directoryUrl])
    return (await this.acmeAccount(directoryUrl))!
  }

  /** The certificates ACM issued the app's domains (no keys), while the app has ACM on. */
  async acmCertificates(appId: string): Promise<{ domain: CustomDomain; chain: string }[]> {
    const rows = await this.db.query('SELECT d.* FROM domains d JOIN apps a ON a.id = d.app_id WHERE d.app_id = ? AND a.acm AND d.acm_certificate_chain IS NOT NULL ORDER BY d.hostname', [appId])
    return rows.map((row) => ({ domain: toDomain(row), chain: String(row.acm_certificate_chain) }))
  }

  /** An HTTP-01 answer any Berth node's router gives until `expiresAt`. */
  async putAcmeChallenge(token: string, keyAuthorization: string, hostname: string, expiresAt: Date): Promise<void> {
    await this.db.query('INSERT INTO acme_challenges (token, key_authorization, hostname, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (token) DO UPDATE SET key_authorization = ?, hostname = ?, expires_at = ?',
      [token, keyAuthorization, hostname, expiresAt.toISOString(), keyAuthorization, hostname, expiresAt.toISOString()])
  }

  /** The answer to a challenge for `hostname`, while it lasts. */
  async acmeChallenge(token: string, hostname: string): Promise<string | null> {
    const rows = await this.db.query('SELECT key_authorization FROM acme_challenges WHERE token = ? AND hostname = ? AND expires_at > ?', [token, hostname.toLowerCase(), this.now().toISOString()])
    return rows[0] ? String(rows[0].key_authorization) : null
  }

  async deleteAcmeChallenge(token: string): Promise<void> {
    await this.db.query('DELETE FROM acme_challenges WHERE token = ? OR expires_at < ?', [token, this.now().toISOString()])
  }

  /**
   * Custom domains of ACM apps whose certificate is due: never ordered or failing and due to be tried
   * again, or issued and expiring before `renewBefore`. Domains another node has claimed are left out.
   */
  async dueAcmDomains(renewBefore: Date): Promise<{ domain: CustomDomain; appName: string }[]> {
    const now = this.now().toISOString()
    const rows = await this.db.query(
      `SELECT d.*, a.name AS app_name FROM domains d JOIN apps a ON a.id = d.app_id
       WHERE a.acm AND (d.acm_claimed_until IS NULL OR d.acm_claimed_until < ?) AND (
         (d.acm_status IN ('pending', 'failing') AND (d.acm_next_attempt_at IS NULL OR d.acm_next_attempt_at <= ?))
         OR (d.acm_status = 'cert issued' AND d.acm_expires_at < ? AND (d.acm_next_attempt_at IS NULL OR d.acm_next_attempt_at <= ?)))
       ORDER BY d.acm_next_attempt_at, d.hostname`,
      [now, now, renewBefore.toISOString(), now],
    )
    return rows.map((row) => ({ domain: toDomain(row), appName: String(row.app_name) }))
  }

  /** Claims a domain's order for this node until `until`; false when another node holds it. */
  async claimAcm(domainId: string, until: Date): Promise<boolean> {
    const rows = await this.db.query('UPDATE domains SET acm_claimed_until = ? WHERE id = ? AND (acm_claimed_until IS NULL OR acm_claimed_until < ?) RETURNING id',
      [until.toISOString(), domainId, this.now().toISOString()])
    return rows.length > 0
  }

  /** A domain added to an app with ACM on is ordered at once. */
  async markAcmPending(domainId: string): Promise<void> {
    await this.db.query("UPDATE domains SET acm_status = 'pending', acm_status_reason = NULL, acm_next_attempt_at = NULL, acm_attempts = 0, acm_claimed_until = NULL WHERE id = ?", [domainId])
  }

  #certColumns(cert: CheckedCertificate): SqlValue[] {
    return [cert.chain, this.box.seal(cert.key), JSON.stringify(cert.domains), cert.subject, cert.issuer, cert.startsAt.toISOString(), cert.expiresAt.toISOString(), cert.caSigned]
  }
}

function stamp(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value)
}
