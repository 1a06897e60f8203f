import { randomUUID } from 'node:crypto'
import type { BufferedLine } from '../log-buffer.js'
import { DrainQueue } from './drain-queue.js'
import { logplexFrame } from './frames.js'
import { postOutbound } from '../../outbound/post-outbound.js'
import type { Drain, DrainOptions } from './drain.js'

const BATCH_LINES = 500
const BATCH_DELAY_MS = 50

/**
 * A drain to an `https://` (or `http://`) URL: batches POSTed as `application/logplex-1` with
 * Logplex's headers. 2xx delivers; 4xx other than 429 drops the batch (the receiver refused it);
 * anything else, or no answer, retries with backoff.
 */
export class HttpsDrain implements Drain {
  readonly #queue: DrainQueue
  #timer: NodeJS.Timeout | null = null
  #sending = false
  #backoffMs = 100
  #closed = false

  constructor(private readonly url: URL, private readonly token: string, private readonly options: DrainOptions) {
    this.#queue = new DrainQueue(options.capacity)
  }

  push(line: BufferedLine): void {
    this.#queue.push(line)
    this.#schedule(BATCH_DELAY_MS)
  }

  close(): void {
    this.#closed = true
    if (this.#timer) clearTimeout(this.#timer)
  }

  #schedule(delayMs: number): void {
    if (this.#timer || this.#sending || this.#closed) return
    this.#timer = setTimeout(() => {
      this.#timer = null
      // A failed post is retried inside #send; if anything else fails, the drain still goes on.
      this.#send().catch(() => {
        this.#sending = false
        this.#schedule(this.#backoffMs)
      })
    }, delayMs)
    this.#timer.unref()
  }

  async #send(): Promise<void> {
    const batch = this.#queue.take(BATCH_LINES)
    if (batch.length === 0) return
    this.#sending = true
    const status = await this.#post(batch).catch(() => 0)
    this.#sending = false
    const retry = status === 0 || status === 429 || status >= 500
    if (retry) {
      this.#queue.restore(batch)
      this.#backoffMs = Math.min(this.#backoffMs * 2, 5000)
    } else {
      this.#backoffMs = 100
    }
    if (this.#queue.size > 0) this.#schedule(retry ? this.#backoffMs : 0)
  }

  async #post(batch: BufferedLine[]): Promise<number> {
    return postOutbound({
      url: this.url, outbound: this.options.outbound, ca: this.options.ca, timeoutMs: 10_000,
      body: batch.map(logplexFrame).join(''),
      headers: {
        'Content-Type': 'application/logplex-1',
        'Logplex-Msg-Count': String(batch.length),
        'Logplex-Frame-Id': randomUUID(),
        'Logplex-Drain-Token': this.token,
        'User-Agent': 'Logplex/berth',
      },
    })
  }
}
