import type { ServerResponse } from 'node:http'

export interface TrackOptions {
  /** Ends the stream early, with a last word where its protocol has one. Default: `res.end()`. */
  end?: () => void
  /**
   * Asked every `recheckMs` while the stream is open; once it answers false (a capability URL's
   * holder lost access), the stream is ended.
   */
  stillAllowed?: () => Promise<boolean>
}

/**
 * The long responses the API holds open: log tails, build and release output, pushes waiting for
 * their build. Each is ended when the access it was opened with is revoked, and all of them at
 * shutdown, so neither a removed collaborator nor a stopping server waits on a stream that never ends.
 */
export class OpenStreams {
  readonly #open = new Map<ServerResponse, () => void>()
  #closing = false

  constructor(private readonly recheckMs = 5000) {}

  track(res: ServerResponse, options: TrackOptions = {}): void {
    const end = () => {
      if (!res.writableEnded && !res.destroyed) (options.end ?? (() => res.end()))()
    }
    if (this.#closing) return end()
    const timer = options.stillAllowed && setInterval(() => {
      options.stillAllowed!().then((allowed) => { if (!allowed) end() }, () => undefined)
    }, this.recheckMs).unref()
    this.#open.set(res, end)
    res.once('close', () => {
      if (timer) clearInterval(timer)
      this.#open.delete(res)
    })
  }

  get size(): number {
    return this.#open.size
  }

  /** Ends every open stream, and any tracked from now on (shutdown). */
  endAll(): void {
    this.#closing = true
    for (const end of this.#open.values()) end()
  }
}
