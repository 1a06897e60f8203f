import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'

/** Where slug archives come from (the blob store, in the server), and runtimes from the runtime store. */
export interface SlugArchives {
  get(slugId: string): Promise<Readable | null>
  /** A runtime (`node@18.20.8`) packed as a tarball, if the store has it. */
  runtime?(ref: string): Promise<Readable | null>
}

export interface SlugServerOptions {
  /** The address the nodes reach this machine at (the swarm's advertise address); the server listens there. */
  host: string
  /** 0 picks a free port. */
  port: number
  archives: SlugArchives
  /** How long a URL works (default 15 minutes: a dyno fetches its slug once, at start). */
  ttlMs?: number
  now?: () => number
}

const SLUG_ID = /^[\w-]{1,64}$/
const RUNTIME_REF = /^[a-z]{1,16}@\d{1,4}\.\d{1,4}\.\d{1,4}$/
type Kind = 'slugs' | 'runtimes'

/**
 * Serves slug archives (and the runtimes slugs run on) to dynos on other machines (ADR 0012), over
 * capability URLs: each one names one slug or runtime, works for GET only and until it expires, and is signed with a key this process made
 * and never wrote down (a restarted server issues new URLs for the dynos it starts). Nothing else
 * of Berth answers on this address.
 */
export class SlugServer {
  readonly #key = randomBytes(32)

  private constructor(private readonly server: Server, private readonly options: SlugServerOptions, readonly baseUrl: string, readonly port: number) {}

  static async listen(options: SlugServerOptions): Promise<SlugServer> {
    let self: SlugServer | null = null
    const server = createServer((req, res) => {
      self!.#serve(req.method ?? '', req.url ?? '').then(async (answer) => {
        if ('archive' in answer) {
          res.writeHead(200, { 'Content-Type': 'application/gzip', 'Cache-Control': 'no-store' })
          await pipeline(answer.archive, res)
          return
        }
        res.writeHead(answer.status, { 'Content-Type': 'text/plain', ...(answer.status === 405 ? { Allow: 'GET' } : {}) })
        res.end(`${answer.message}\n`)
      }).catch(() => res.destroy())
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, options.host, () => resolve())
    })
    const { port } = server.address() as AddressInfo
    self = new SlugServer(server, options, `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`, port)
    return self
  }

  /** A URL that fetches one slug's archive, for the next `ttlMs`. */
  url(slugId: string): string {
    if (!SLUG_ID.test(slugId)) throw new Error(`not a slug id: ${slugId}`)
    return this.#url('slugs', slugId)
  }

  /** A URL that fetches one runtime (`node@18.20.8`) as a tarball, for the next `ttlMs`. */
  runtimeUrl(ref: string): string {
    if (!RUNTIME_REF.test(ref)) throw new Error(`not a runtime: ${ref}`)
    return this.#url('runtimes', ref)
  }

  #url(kind: Kind, id: string): string {
    const expires = this.#now() + (this.options.ttlMs ?? 15 * 60_000)
    return `${this.baseUrl}/${kind}/${id}?expires=${expires}&signature=${this.#sign(kind, id, expires)}`
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  async #serve(method: string, rawUrl: string): Promise<{ archive: Readable } | { status: number; message: string }> {
    if (method !== 'GET') return { status: 405, message: 'Slug URLs are for GET only.' }
    const url = new URL(rawUrl, 'http://slugs')
    const [, kind, id = ''] = /^\/(slugs|runtimes)\/([^/]+)$/.exec(url.pathname) ?? []
    const valid = kind === 'slugs' ? SLUG_ID.test(id) : kind === 'runtimes' && RUNTIME_REF.test(id)
    const expires = Number(url.searchParams.get('expires'))
    // Compared as text: decoding hex would stop at the first non-hex character, and accept the
    // signature with anything appended.
    const signature = Buffer.from(url.searchParams.get('signature') ?? '')
    const expected = valid && Number.isSafeInteger(expires) ? Buffer.from(this.#sign(kind as Kind, id, expires)) : null
    // Every failure reads the same: a URL tells nobody why it stopped working.
    const gone = { status: 404, message: 'No such slug.' }
    if (!expected || signature.length !== expected.length || !timingSafeEqual(signature, expected) || expires < this.#now()) return gone
    const archive = kind === 'slugs' ? await this.options.archives.get(id) : await this.options.archives.runtime?.(id)
    return archive ? { archive } : gone
  }

  #sign(kind: Kind, id: string, expires: number): string {
    return createHmac('sha256', this.#key).update(`GET\n${kind}/${id}\n${expires}`).digest('hex')
  }

  #now(): number {
    return this.options.now?.() ?? Date.now()
  }
}
