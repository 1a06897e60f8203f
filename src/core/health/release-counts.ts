/**
 * What Berth counts of one release over some time (ADR 0014): the router's requests by status
 * class, its H-codes, their times in a histogram, and the scheduler's dyno events. Counts add and
 * subtract, so a minute, a window and "since the watch began" are all the same shape.
 */
export interface ReleaseCounts {
  requests: number
  /** Responses by class: `2xx`… `5xx` (1xx and others count as requests only). */
  status: Record<StatusClass, number>
  /** Router errors (`H12`, `H13`…), each a request too. */
  codes: Record<string, number>
  /** Requests by response time (router arrival to the response's end), SERVICE_BINS bins. */
  serviceBins: number[]
  /** Dyno crashes (each one restarted with Heroku's cool-off), and memory errors (R14, R15). */
  crashes: number
  r14: number
  r15: number
}

export type StatusClass = '2xx' | '3xx' | '4xx' | '5xx'
export type DynoEvent = 'crashes' | 'r14' | 'r15'

// Bins that grow by 2^(1/4) (about 19%): bin 0 is under 1 ms, bin b covers [2^((b-1)/4), 2^(b/4)) ms,
// the last everything from 2^(78/4) ms (about 12 minutes) up. A percentile is its bin's upper edge.
export const SERVICE_BINS = 80

export function serviceBin(ms: number): number {
  if (!(ms >= 1)) return 0
  return Math.min(SERVICE_BINS - 1, 1 + Math.floor(Math.log2(ms) * 4))
}

/** The smallest time under which a fraction `q` of the requests finished (ms, rounded), or null without requests. */
export function percentileMs(bins: readonly number[], q: number): number | null {
  const total = bins.reduce((sum, n) => sum + n, 0)
  if (total === 0) return null
  const rank = Math.max(1, Math.ceil(q * total))
  let seen = 0
  for (let bin = 0; bin < bins.length; bin++) {
    seen += bins[bin] ?? 0
    if (seen >= rank) return Math.round(2 ** (bin / 4))
  }
  return null
}

export function emptyCounts(): ReleaseCounts {
  return { requests: 0, status: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 }, codes: {}, serviceBins: new Array<number>(SERVICE_BINS).fill(0), crashes: 0, r14: 0, r15: 0 }
}

/** `into` + `from` (`sign` -1: minus), in place. */
export function addCounts(into: ReleaseCounts, from: ReleaseCounts, sign: 1 | -1 = 1): ReleaseCounts {
  into.requests += sign * from.requests
  for (const key of Object.keys(into.status) as StatusClass[]) into.status[key] += sign * from.status[key]
  for (const [code, n] of Object.entries(from.codes)) into.codes[code] = (into.codes[code] ?? 0) + sign * n
  for (let bin = 0; bin < SERVICE_BINS; bin++) into.serviceBins[bin] = (into.serviceBins[bin] ?? 0) + sign * (from.serviceBins[bin] ?? 0)
  into.crashes += sign * from.crashes
  into.r14 += sign * from.r14
  into.r15 += sign * from.r15
  return into
}

/** `a` − `b`, as a new count (what happened between two cumulative readings). */
export function countsBetween(later: ReleaseCounts, earlier: ReleaseCounts): ReleaseCounts {
  return addCounts(addCounts(emptyCounts(), later), earlier, -1)
}

/** Counts one request. */
export function countRequest(into: ReleaseCounts, status: number, ms: number, code?: string): void {
  countInBin(into, status, serviceBin(ms), code)
}

/** Counts one request whose time's bin is known (the router's meter counts each request twice: bin it once). */
export function countInBin(into: ReleaseCounts, status: number, bin: number, code?: string): void {
  into.requests++
  const statusClass = `${Math.floor(status / 100)}xx`
  if (statusClass in into.status) into.status[statusClass as StatusClass]++
  if (code) into.codes[code] = (into.codes[code] ?? 0) + 1
  into.serviceBins[bin]!++
}

/** What a person reads: rates and percentiles instead of bins. */
export interface ReleaseHealth {
  requests: number
  status: Record<StatusClass, number>
  /** 5xx responses over requests (0–1); null without requests. */
  errorRate: number | null
  serviceMs: { p50: number | null; p95: number | null; p99: number | null }
  codes: Record<string, number>
  dynos: { crashes: number; r14: number; r15: number }
}

export function summarize(counts: ReleaseCounts): ReleaseHealth {
  return {
    requests: counts.requests,
    status: { ...counts.status },
    errorRate: counts.requests === 0 ? null : counts.status['5xx'] / counts.requests,
    serviceMs: { p50: percentileMs(counts.serviceBins, 0.5), p95: percentileMs(counts.serviceBins, 0.95), p99: percentileMs(counts.serviceBins, 0.99) },
    codes: Object.fromEntries(Object.entries(counts.codes).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))),
    dynos: { crashes: counts.crashes, r14: counts.r14, r15: counts.r15 },
  }
}
