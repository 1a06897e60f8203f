/**
 * A token bucket per account: `capacity` requests, refilled evenly over an
 * hour, as Heroku's API does. A capacity of 0 disables limiting.
 */
export class RateLimiter {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly capacity: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token; returns the tokens left, or -1 when the bucket is empty. */
  take(key: string): number {
    if (this.capacity <= 0) return Number.MAX_SAFE_INTEGER
    const now = this.now()
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) * this.capacity) / 3_600_000)
    bucket.at = now
    this.#buckets.set(key, bucket)
    if (bucket.tokens < 1) return -1
    bucket.tokens -= 1
    return Math.floor(bucket.tokens)
  }

  remaining(key: string): number {
    if (this.capacity <= 0) return Number.MAX_SAFE_INTEGER
    return Math.floor(this.#buckets.get(key)?.tokens ?? this.capacity)
  }
}
