import { JSON_FLAG, type Command } from '../../command.js'
import type { CliContext } from '../../context.js'
import { header, table } from '../../format.js'
import { parseDuration } from '../../health-flags.js'
import { appPath } from '../../paths.js'
import { findRelease } from '../../release-lines.js'

/** One release's side of `GET /apps/:app/releases/:release/metrics`. */
export interface ReleaseHealthJson {
  release: { id: string; version: number; description: string }
  from: string | null
  to: string | null
  requests: number
  status: Record<'2xx' | '3xx' | '4xx' | '5xx', number>
  error_rate: number | null
  service_time_ms: { p50: number | null; p95: number | null; p99: number | null }
  router_errors: Record<string, number>
  dynos: { crashes: number; r14: number; r15: number }
}

export interface ReleaseMetricsJson extends ReleaseHealthJson {
  compare: ReleaseHealthJson | null
}

const ms = (value: number | null) => (value === null ? '-' : `${value} ms`)
const rate = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`)
const codes = (value: Record<string, number>) => Object.entries(value).map(([code, n]) => `${code} ${n}`).join(', ') || '-'
const span = (h: ReleaseHealthJson) => (h.from && h.to ? `${h.from.slice(0, 16).replace('T', ' ')} – ${h.to.slice(11, 16)}` : 'nothing counted')

function rows(ctx: CliContext, metrics: ReleaseMetricsJson): string[][] {
  const sides = [metrics, ...(metrics.compare ? [metrics.compare] : [])]
  const line = (label: string, value: (h: ReleaseHealthJson) => string) => [label, ...sides.map(value)]
  return [
    ['', ...sides.map((h) => ctx.style.bold(`v${h.release.version}`))],
    line('Requests', (h) => String(h.requests)),
    line('5xx', (h) => `${h.status['5xx']} (${rate(h.error_rate)})`),
    line('4xx', (h) => String(h.status['4xx'])),
    line('p50', (h) => ms(h.service_time_ms.p50)),
    line('p95', (h) => ms(h.service_time_ms.p95)),
    line('p99', (h) => ms(h.service_time_ms.p99)),
    line('Router errors', (h) => codes(h.router_errors)),
    line('Dyno crashes', (h) => String(h.dynos.crashes)),
    line('R14 / R15', (h) => `${h.dynos.r14} / ${h.dynos.r15}`),
    line('Counted', span),
  ]
}

const command: Command = {
  summary: 'show a release\'s health beside the release before it (or --compare): requests, 5xx rate, p50/p95/p99, router errors, crashes, memory errors',
  app: true,
  args: [{ name: 'release' }],
  flags: {
    compare: { type: 'string', description: 'the release to compare with (default: the one before)' },
    window: { type: 'string', description: 'only the last part of each release\'s traffic, like 5m or 1h' },
    ...JSON_FLAG,
  },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const release = await findRelease(ctx, app, input.args[0])
    const query = new URLSearchParams()
    if (typeof input.flags.compare === 'string') query.set('compare', input.flags.compare)
    if (typeof input.flags.window === 'string') query.set('window', String(parseDuration(input.flags.window, 'window')))
    const metrics = await ctx.api.get<ReleaseMetricsJson>(appPath(app, `/releases/${release.version}/metrics?${query}`))
    if (input.flags.json) return ctx.json(metrics)
    ctx.out(header(`${app}: v${metrics.release.version}${metrics.compare ? ` vs v${metrics.compare.release.version}` : ''}`))
    ctx.out(table(rows(ctx, metrics)))
  },
}
export default command
