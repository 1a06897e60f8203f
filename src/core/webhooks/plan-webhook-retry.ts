import type { WebhookLevel } from './app-webhook.js'

/**
 * The retry schedule of a `sync` delivery, in steps (one step is 15 s by default,
 * BERTH_WEBHOOK_RETRY_MS): after the 1st failed attempt wait 1 step, then 4, 20, 60, 240, 480,
 * 960, 1920 (15 s, 1 min, 5 min, 15 min, 1 h, 2 h, 4 h, 8 h), then 2880 (12 h) each time, until
 * 17280 steps (72 hours, Heroku's horizon) have passed since the event: then it has failed.
 */
export const RETRY_STEPS = [1, 4, 20, 60, 240, 480, 960, 1920] as const
export const LATER_RETRY_STEPS = 2880
export const GIVE_UP_AFTER_STEPS = 17280

export interface RetryInput {
  level: WebhookLevel
  /** Attempts made so far, the failed one included (1 after the first). */
  attempts: number
  createdAt: Date
  now: Date
  stepMs: number
}

/** When to try a failed delivery again, or null when it has failed for good. */
export function planWebhookRetry(input: RetryInput): Date | null {
  if (input.level === 'notify' || input.attempts < 1) return null
  const steps = RETRY_STEPS[input.attempts - 1] ?? LATER_RETRY_STEPS
  const next = input.now.getTime() + steps * input.stepMs
  return next > input.createdAt.getTime() + GIVE_UP_AFTER_STEPS * input.stepMs ? null : new Date(next)
}
