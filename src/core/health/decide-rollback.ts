import type { AutoRollbackSettings } from './auto-rollback-settings.js'
import { percentileMs, type ReleaseCounts } from './release-counts.js'

export interface RollbackEvidence {
  /** The new release's counts over the span the rates are judged on (the last minute of the watch, or less). */
  recent: ReleaseCounts
  recentSeconds: number
  /** Its counts since cutover (crashes are rare: they are counted over the whole watch). */
  sinceCutover: ReleaseCounts
  sinceCutoverSeconds: number
  /** The replaced release's counts before cutover, over `baselineSeconds`; empty if it served nothing. */
  baseline: ReleaseCounts
  baselineSeconds: number
  baselineVersion: number
}

export type RollbackDecision = { breach: true; reason: string } | { breach: false; why: 'healthy' | 'too few requests' }

// One-sided 95% confidence: a rate is past a threshold only when even its low estimate is.
const Z = 1.645
// A p95 this small is never a reason: 3 ms against 1 ms is "3x", and harmless.
const P95_FLOOR_MS = 50

/** The lower end of the Wilson score interval of `hits` out of `n`. */
export function wilsonLower(hits: number, n: number): number {
  if (n === 0) return 0
  const p = hits / n
  const z2 = Z * Z
  return (p + z2 / (2 * n) - Z * Math.sqrt((p * (1 - p) + z2 / (4 * n)) / n)) / (1 + z2 / n)
}

const percent = (rate: number) => `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0).replace(/\.0$/, '')}%`

/**
 * Whether a release that went live should be rolled back (ADR 0014), from what it did and what the
 * release it replaced did. Rates count only once the new release has answered `minRequests`, and
 * then only when even the low end of their 95% interval is past the threshold, so a few unlucky
 * requests under low or bursty traffic never trigger it. Each rule compares with the replaced
 * release: an app that always answered 10% 5xx is not rolled back for answering 10% still.
 */
export function decideRollback(settings: AutoRollbackSettings, evidence: RollbackEvidence): RollbackDecision {
  const { recent, sinceCutover, baseline } = evidence
  const span = `${Math.round(evidence.recentSeconds)} s`
  // Crashes over the whole watch, against what the replaced release had over as long a time.
  const baselineCrashes = evidence.baselineSeconds > 0 ? baseline.crashes * (evidence.sinceCutoverSeconds / evidence.baselineSeconds) : 0
  if (sinceCutover.crashes >= settings.maxCrashes && sinceCutover.crashes > baselineCrashes) {
    return { breach: true, reason: `${sinceCutover.crashes} dyno crashes in ${Math.round(evidence.sinceCutoverSeconds)} s after cutover (at most ${settings.maxCrashes - 1})` }
  }
  if (recent.requests < settings.minRequests) return { breach: false, why: 'too few requests' }
  const rate = recent.status['5xx'] / recent.requests
  const baselineRate = baseline.requests >= settings.minRequests ? baseline.status['5xx'] / baseline.requests : 0
  if (wilsonLower(recent.status['5xx'], recent.requests) > Math.max(settings.errorRate, baselineRate)) {
    const than = baselineRate > settings.errorRate ? `v${evidence.baselineVersion}'s ${percent(baselineRate)}` : percent(settings.errorRate)
    return { breach: true, reason: `5xx rate ${percent(rate)} > ${than} over ${span} after cutover` }
  }
  const p95 = percentileMs(recent.serviceBins, 0.95)
  const baselineP95 = baseline.requests >= settings.minRequests ? percentileMs(baseline.serviceBins, 0.95) : null
  if (p95 !== null && baselineP95 !== null && p95 >= P95_FLOOR_MS && p95 > settings.p95Factor * baselineP95) {
    return { breach: true, reason: `p95 ${p95} ms > ${settings.p95Factor}x v${evidence.baselineVersion}'s ${baselineP95} ms over ${span} after cutover` }
  }
  return { breach: false, why: 'healthy' }
}
