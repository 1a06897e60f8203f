// Heroku compat: the first crash restarts at once; then cool-offs of up to 20, 40, 60, 180 and 320
// minutes, then every 320 minutes. `unitMs` is 20 minutes in production; tests shrink it.
const STEPS = [0, 1, 2, 3, 9, 16]

/** How long to wait before restarting a dyno after its `crashes`-th consecutive crash. */
export function crashCooloffMs(crashes: number, unitMs: number): number {
  return STEPS[Math.min(Math.max(crashes, 1), STEPS.length) - 1]! * unitMs
}
