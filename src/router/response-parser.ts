/**
 * An incremental parser for the HTTP/1.1 responses a dyno sends the router:
 * the status line and headers, then the body framed by Content-Length, chunked
 * transfer coding, or the connection's end (RFC 9112 §6.3). Interim 1xx
 * responses are skipped. Pure: bytes in, events out, no sockets.
 */
export interface ResponseHead {
  status: number
  /** Header names and values, alternating, as the client should see them (hop-by-hop ones removed). */
  headers: string[]
  /** The body is read until the dyno closes the connection. */
  untilClose: boolean
}

export interface ResponseEvents {
  head(head: ResponseHead): void
  body(chunk: Buffer): void
  /** The response is complete; `reusable` when the connection may carry another request. */
  end(reusable: boolean): void
}

export class ResponseParseError extends Error {}

const MAX_HEAD_BYTES = 64 * 1024
const MAX_LINE_BYTES = 4096
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/
// RFC 9110 field-name token, and a field value without control characters but HTAB.
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/
const FIELD_VALUE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'])
const EMPTY = Buffer.alloc(0)

type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done'

export class ResponseParser {
  #state: State = 'head'
  #pending: Buffer = EMPTY
  #remaining = 0
  #keepAlive = true
  #noBody = false

  constructor(private readonly events: ResponseEvents) {}

  /**
   * Gets ready for the next response on the same connection. `noBody` for the answer to a HEAD request,
   * which has none whatever its headers say.
   */
  reset(noBody: boolean): void {
    this.#state = 'head'
    this.#pending = EMPTY
    this.#remaining = 0
    this.#keepAlive = true
    this.#noBody = noBody
  }

  /** Feeds bytes from the dyno; throws ResponseParseError on a malformed response. */
  push(chunk: Buffer): void {
    if (this.#state === 'done') return void (this.#keepAlive = false)
    const data = this.#pending.length > 0 ? Buffer.concat([this.#pending, chunk]) : chunk
    this.#pending = EMPTY
    this.#parse(data)
    // Bytes after a complete response were never asked for: the connection cannot be trusted again.
    if ((this.#state as State) === 'done') this.events.end(this.#keepAlive && this.#pending.length === 0)
  }

  #parse(data: Buffer): void {
    let offset = 0
    while (offset < data.length) {
      switch (this.#state) {
        case 'head': {
          const end = data.indexOf('\r\n\r\n', offset, 'latin1')
          if (end < 0) return this.#keep(data, offset, MAX_HEAD_BYTES, 'response head too large')
          this.#head(data.toString('latin1', offset, end))
          offset = end + 4
          break
        }
        case 'fixed':
          offset = this.#body(data, offset, 'done')
          break
        case 'chunk-size': {
          const end = data.indexOf('\r\n', offset, 'latin1')
          if (end < 0) return this.#keep(data, offset, MAX_LINE_BYTES, 'chunk size line too long')
          const line = data.toString('latin1', offset, end)
          const size = /^([0-9a-fA-F]{1,12})[ \t]*(?:;.*)?$/.exec(line)
          if (!size) throw new ResponseParseError('invalid chunk size')
          this.#remaining = parseInt(size[1]!, 16)
          this.#state = this.#remaining === 0 ? 'trailers' : 'chunk-data'
          offset = end + 2
          break
        }
        case 'chunk-data':
          offset = this.#body(data, offset, 'chunk-end')
          break
        case 'chunk-end': {
          if (data.length - offset < 2) return this.#keep(data, offset, 2, '')
          if (data[offset] !== 13 || data[offset + 1] !== 10) throw new ResponseParseError('chunk not followed by CRLF')
          offset += 2
          this.#state = 'chunk-size'
          break
        }
        case 'trailers': {
          // Trailer fields are dropped; the section ends with an empty line.
          const end = data.indexOf('\r\n', offset, 'latin1')
          if (end < 0) return this.#keep(data, offset, MAX_HEAD_BYTES, 'trailers too large')
          if (end === offset) this.#state = 'done'
          offset = end + 2
          break
        }
        case 'until-close':
          this.events.body(offset === 0 ? data : data.subarray(offset))
          return
        case 'done':
          this.#pending = Buffer.from(data.subarray(offset))
          return
      }
    }
  }

  /** The dyno closed its side. Ends a response read until close; anything else cut short is an error. */
  close(): void {
    if (this.#state === 'until-close') {
      this.#state = 'done'
      this.events.end(false)
      return
    }
    if (this.#state !== 'done') throw new ResponseParseError('connection closed before the response was complete')
  }

  /** Passes on up to `#remaining` body bytes from `offset`; once none remain, moves to `next`. Returns the new offset. */
  #body(data: Buffer, offset: number, next: State): number {
    const take = Math.min(this.#remaining, data.length - offset)
    this.events.body(data.subarray(offset, offset + take))
    this.#remaining -= take
    if (this.#remaining === 0) this.#state = next
    return offset + take
  }

  #keep(data: Buffer, offset: number, limit: number, tooLarge: string): void {
    if (data.length - offset > limit && tooLarge) throw new ResponseParseError(tooLarge)
    this.#pending = Buffer.from(data.subarray(offset))
  }

  #head(text: string): void {
    const lines = text.split('\r\n')
    const status = STATUS_LINE.exec(lines[0]!)
    if (!status) throw new ResponseParseError('invalid status line')
    const code = Number(status[2])
    const http10 = status[1] === '0'
    const headers: string[] = []
    const dropped = new Set<string>()
    let contentLength: number | null = null
    let chunked = false
    let transferEncoding = false
    let connection = ''
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!
      const colon = line.indexOf(':')
      const name = colon > 0 ? line.slice(0, colon) : ''
      const value = line.slice(colon + 1).trim()
      if (!FIELD_NAME.test(name) || !FIELD_VALUE.test(value)) throw new ResponseParseError('invalid header line')
      const lower = name.toLowerCase()
      if (lower === 'content-length') {
        if (!/^\d{1,15}$/.test(value) || (contentLength !== null && contentLength !== Number(value))) throw new ResponseParseError('invalid Content-Length')
        contentLength = Number(value)
      } else if (lower === 'transfer-encoding') {
        transferEncoding = true
        chunked = /(?:^|,)\s*chunked\s*$/i.test(value)
      } else if (lower === 'connection') {
        connection += ',' + value.toLowerCase()
        for (const token of value.split(',')) dropped.add(token.trim().toLowerCase())
      }
      if (!HOP_BY_HOP.has(lower)) headers.push(name, value)
    }
    if (code < 200) {
      // 100 Continue, 102, 103: interim, the final response follows. 101 only answers an upgrade.
      if (code === 101) throw new ResponseParseError('unexpected 101 Switching Protocols')
      return
    }
    const closeRequested = /(?:^|,)\s*close\s*(?:,|$)/.test(connection)
    this.#keepAlive = http10 ? /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(connection) : !closeRequested
    const bodyless = this.#noBody || code === 204 || code === 304
    const untilClose = !bodyless && !chunked && (transferEncoding || contentLength === null)
    // With chunked coding the length is the chunks' (RFC 9112 §6.3): a Content-Length beside it is dropped.
    if (chunked) dropped.add('content-length')
    this.events.head({ status: code, headers: dropped.size > 0 ? without(headers, dropped) : headers, untilClose })
    if (bodyless || contentLength === 0) this.#state = 'done'
    else if (chunked) this.#state = 'chunk-size'
    else if (untilClose) this.#state = 'until-close'
    else {
      this.#remaining = contentLength!
      this.#state = 'fixed'
    }
  }
}

function without(headers: string[], names: Set<string>): string[] {
  const kept: string[] = []
  for (let i = 0; i < headers.length; i += 2) if (!names.has(headers[i]!.toLowerCase())) kept.push(headers[i]!, headers[i + 1]!)
  return kept
}
