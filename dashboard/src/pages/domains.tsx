import { useEffect, useState } from 'preact/hooks'
import { api, appPath } from '../api'
import type { Domain, SniEndpoint } from '../types'
import { when } from '../time'

/** Heroku's words for ACM states, as `heroku certs:auto` shows them. */
function acmLabel(status: string | null): string {
  if (status === null) return 'Waiting'
  return status.charAt(0).toUpperCase() + status.slice(1)
}

/** Each custom domain with the certificate that serves it: one the app brought, or ACM's, and when it expires. */
export function Domains({ app }: { app: string }) {
  const [domains, setDomains] = useState<Domain[] | null>(null)
  const [endpoints, setEndpoints] = useState<SniEndpoint[]>([])
  const [acm, setAcm] = useState(false)
  useEffect(() => {
    void Promise.all([
      api<Domain[]>('GET', appPath(app, '/domains')), api<SniEndpoint[]>('GET', appPath(app, '/sni-endpoints')), api<{ acm: boolean }>('GET', appPath(app)),
    ]).then(([d, e, a]) => {
      setDomains(d)
      setEndpoints(e)
      setAcm(a.acm)
    })
  }, [app])
  if (domains === null) return <p aria-busy="true">Loading domains…</p>
  const custom = domains.filter((d) => d.kind === 'custom')
  const certificateOf = (domain: Domain) => endpoints.find((e) => (domain.sni_endpoint ? e.id === domain.sni_endpoint.id : e.ssl_cert.acm && e.domains.includes(domain.id)))
  return (
    <section aria-label="Domains">
      <p>{domains.filter((d) => d.kind === 'heroku').map((d) => d.hostname).join(', ')} · Automated Certificate Management is <strong>{acm ? 'on' : 'off'}</strong></p>
      {custom.length === 0 ? <p class="empty">No custom domains yet.</p> : (
        <table>
          <thead><tr><th>Domain</th><th>DNS target</th><th>Certificate</th><th>Status</th><th>Expires</th></tr></thead>
          <tbody>
            {custom.map((d) => {
              const cert = certificateOf(d)
              const status = d.sni_endpoint ? 'Certificate added' : acm ? acmLabel(d.acm_status) : 'No certificate'
              return (
                <tr key={d.id} data-domain={d.hostname}>
                  <td>{d.hostname}</td>
                  <td>{d.cname ?? ''}</td>
                  <td>{d.sni_endpoint ? d.sni_endpoint.name : cert ? 'ACM' : ''}</td>
                  <td>{status}{d.acm_status_reason && !d.sni_endpoint ? <span class="muted"> — {d.acm_status_reason}</span> : null}</td>
                  <td>{cert ? when(cert.ssl_cert.expires_at) : ''}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
