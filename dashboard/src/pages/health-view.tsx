import { useEffect, useState } from 'preact/hooks'
import { api, appPath } from '../api'
import type { ReleaseHealth, ReleaseMetrics } from '../types'

const rate = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`)
const ms = (value: number | null) => (value === null ? '–' : `${value} ms`)

/**
 * Requests (bars), their 5xx (red) and p95 (line) per minute, the compared release's minutes then
 * this one's, with the cutover between them.
 */
function Chart({ before, after }: { before: ReleaseHealth | null; after: ReleaseHealth }) {
  const minutes = [...(before?.minutes.slice(-10) ?? []), ...after.minutes.slice(0, 20)]
  if (minutes.length === 0) return <p class="muted">No requests counted yet.</p>
  const cutover = before ? Math.min(before.minutes.length, 10) : 0
  const width = 320
  const height = 80
  const step = width / minutes.length
  const most = Math.max(1, ...minutes.map((m) => m.requests))
  const slowest = Math.max(1, ...minutes.map((m) => m.p95_ms ?? 0))
  const line = minutes.map((m, i) => (m.p95_ms === null ? null : `${(i + 0.5) * step},${height - (m.p95_ms / slowest) * (height - 4)}`)).filter(Boolean).join(' ')
  return (
    <svg class="health-chart" viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`Requests, 5xx and p95 per minute: ${cutover} minute(s) of v${before?.release.version ?? '–'}, then ${minutes.length - cutover} of v${after.release.version}`}>
      {minutes.map((m, i) => (
        <g key={i}>
          <rect class="requests" x={i * step + 1} width={step - 2} y={height - (m.requests / most) * height} height={(m.requests / most) * height} />
          <rect class="errors" x={i * step + 1} width={step - 2} y={height - (m.status_5xx / most) * height} height={(m.status_5xx / most) * height} />
        </g>
      ))}
      {line && <polyline class="p95" points={line} />}
      {cutover > 0 && <line class="cutover" x1={cutover * step} x2={cutover * step} y1={0} y2={height} />}
    </svg>
  )
}

/** A release's health beside the one before it, as `berth releases:health` shows it. */
export function HealthView({ app, version }: { app: string; version: number }) {
  const [metrics, setMetrics] = useState<ReleaseMetrics | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void api<ReleaseMetrics>('GET', appPath(app, `/releases/${version}/metrics`)).then(setMetrics, (e: Error) => setError(e.message))
  }, [app, version])
  if (error) return <p class="error" role="alert">{error}</p>
  if (!metrics) return <p aria-busy="true">Counting…</p>
  const sides = [metrics, ...(metrics.compare ? [metrics.compare] : [])]
  const row = (label: string, value: (h: ReleaseHealth) => string) => (
    <tr><th scope="row">{label}</th>{sides.map((h) => <td key={h.release.version}>{value(h)}</td>)}</tr>
  )
  return (
    <div class="health">
      <table aria-label={`Health of v${version}`}>
        <thead><tr><th />{sides.map((h) => <th key={h.release.version} scope="col">v{h.release.version}</th>)}</tr></thead>
        <tbody>
          {row('Requests', (h) => String(h.requests))}
          {row('5xx', (h) => `${h.status['5xx']} (${rate(h.error_rate)})`)}
          {row('p50 / p95 / p99', (h) => `${ms(h.service_time_ms.p50)} / ${ms(h.service_time_ms.p95)} / ${ms(h.service_time_ms.p99)}`)}
          {row('Router errors', (h) => Object.entries(h.router_errors).map(([code, n]) => `${code} ${n}`).join(', ') || '–')}
          {row('Crashes, R14, R15', (h) => `${h.dynos.crashes}, ${h.dynos.r14}, ${h.dynos.r15}`)}
        </tbody>
      </table>
      <Chart before={metrics.compare} after={metrics} />
    </div>
  )
}
