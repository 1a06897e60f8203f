import { randomUUID } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { BufferedLine } from '../log-buffer.js'
import { DrainQueue } from './drain-queue.js'
import { logplexFrame } from './frames.js'
import { targetHost, type Drain, type DrainOptions } from './drain.js'

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
    const body = batch.map(logplexFrame).join('')
    const https = this.url.protocol === 'https:'
    const send = https ? httpsRequest : httpRequest
    const { host, servername } = targetHost(this.url)
    // Connect to the very address the guard checked, never to a second resolution of the name.
    const { address, family } = await this.options.outbound.resolve(host)
    const auth = this.url.username ? `${decodeURIComponent(this.url.username)}:${decodeURIComponent(this.url.password)}` : undefined
    return new Promise((resolve, reject) => {
      const req = send({
        host: address,
        family,
        port: this.url.port || (https ? 443 : 80),
        path: `${this.url.pathname}${this.url.search}`,
        servername,
        auth,
        method: 'POST',
        ca: this.options.ca,
        timeout: 10_000,
        headers: {
          Host: this.url.host,
          'Content-Type': 'application/logplex-1',
          'Content-Length': Buffer.byteLength(body),
          'Logplex-Msg-Count': String(batch.length),
          'Logplex-Frame-Id': randomUUID(),
          'Logplex-Drain-Token': this.token,
          'User-Agent': 'Logplex/berth',
        },
      }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      })
      req.on('timeout', () => req.destroy(new Error('timeout')))
      req.on('error', reject)
      req.end(body)
    })
  }
}
