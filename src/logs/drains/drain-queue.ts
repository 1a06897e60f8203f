import type { BufferedLine } from '../log-buffer.js'

/**
 * A drain's bounded backlog. When it is full, new lines are dropped and counted; the next line
 * taken after that is Logplex's `L10` notice, so the receiver learns what it missed.
 */
export class DrainQueue {
  readonly #lines: BufferedLine[] = []
  /** L10 lines handed out by `take`, so a failed delivery can fold them back into the count. */
  readonly #notices = new WeakMap<BufferedLine, { dropped: number; since: BufferedLine }>()
  #dropped = 0
  #droppedSince: BufferedLine | null = null

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.#lines.length
  }

  push(line: BufferedLine): void {
    if (this.#lines.length >= this.capacity) {
      if (this.#dropped++ === 0) this.#droppedSince = line
      return
    }
    this.#lines.push(line)
  }

  /** Up to `max` lines from the front, with an L10 notice first if lines were dropped. */
  take(max: number): BufferedLine[] {
    const taken = this.#lines.splice(0, max)
    if (this.#dropped > 0 && this.#droppedSince) {
      const since = new Date(Math.floor(this.#droppedSince.atMicros / 1000)).toISOString()
      const notice: BufferedLine = { ...this.#droppedSince, source: 'heroku', process: 'logplex', message: `Error L10 (output buffer overflow): ${this.#dropped} messages dropped since ${since}.` }
      this.#notices.set(notice, { dropped: this.#dropped, since: this.#droppedSince })
      taken.unshift(notice)
      this.#dropped = 0
      this.#droppedSince = null
    }
    return taken
  }

  /** Puts lines back at the front (a delivery failed); an L10 notice becomes a count again. */
  restore(lines: BufferedLine[]): void {
    const notice = lines[0] === undefined ? undefined : this.#notices.get(lines[0])
    if (notice) {
      this.#dropped += notice.dropped
      this.#droppedSince = notice.since
      lines = lines.slice(1)
    }
    this.#lines.unshift(...lines)
    while (this.#lines.length > this.capacity) {
      const evicted = this.#lines.pop()!
      if (this.#dropped++ === 0) this.#droppedSince = evicted
    }
  }
}
