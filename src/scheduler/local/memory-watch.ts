import { rssByGroup } from '../../sandbox/signal-group.js'

/** What one memory check says of a dyno: within its quota, over it (R14), or at twice it (R15: killed). */
export type MemoryVerdict = 'ok' | 'R14' | 'R15'

// Heroku compat: R14 over the quota, R15 (and a kill) at twice it.
export function memoryVerdict(rssBytes: number, quotaBytes: number): MemoryVerdict {
  if (rssBytes <= quotaBytes) return 'ok'
  return rssBytes >= 2 * quotaBytes ? 'R15' : 'R14'
}

/** Every `intervalMs`, hands `check` the resident memory of each process group (one pass over /proc). */
export function watchMemory(intervalMs: number, check: (rssByGroup: ReadonlyMap<number, number>) => void): () => void {
  if (intervalMs <= 0) return () => undefined
  const timer = setInterval(() => check(rssByGroup()), intervalMs)
  timer.unref()
  return () => clearInterval(timer)
}
