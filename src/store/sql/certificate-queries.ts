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
      if (enabled) await tx.query("UPDATE domains SET acm_status = 'pending', acm_status_reason = NULL, acm_next_attempt_at = ?, acm_attempts = 0 WHERE app_id = ?", [at, appId])
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
        "UPDATE domains SET acm_status = 'cert issued', acm_status_reason = NULL, acm_certificate_chain = ?, acm_private_key = ?, acm_expires_at = ?, acm_next_attempt_at = NULL, acm_attempts = 0, updated_at = ? WHERE id = ?",
        [outcome.chain, this.box.seal(outcome.key), outcome.expiresAt.toISOString(), at, domainId],
      )
      return
    }
    const status: AcmStatus = outcome.kind
    const reason = outcome.kind === 'pending' ? null : outcome.reason
    const next = outcome.kind === 'pending' ? null : outcome.nextAttemptAt?.toISOString() ?? null
    await this.db.query('UPDATE domains SET acm_status = ?, acm_status_reason = ?, acm_next_attempt_at = ?, acm_attempts = ?, updated_at = ? WHERE id = ?', [status, reason, next, attempts, at, domainId])
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

  #certColumns(cert: CheckedCertificate): SqlValue[] {
    return [cert.chain, this.box.seal(cert.key), JSON.stringify(cert.domains), cert.subject, cert.issuer, cert.startsAt.toISOString(), cert.expiresAt.toISOString(), cert.caSigned]
  }
}

function stamp(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value)
}
