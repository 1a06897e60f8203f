import { connect, type Socket } from 'node:net'

export type RespValue = string | number | null | RespValue[]

/** A `-ERR …` reply: Redis understood the command and refused it. */
export class RedisReplyError extends Error {}

/**
 * Parses one RESP2 value from the start of `buffer`. Returns the value and the
 * bytes it used, or null when the buffer does not hold a whole value yet.
 */
export function parseResp(buffer: Buffer, offset = 0): { value: RespValue | RedisReplyError; end: number } | null {
  const lineEnd = buffer.indexOf('\r\n', offset)
  if (lineEnd < 0) return null
  const type = String.fromCharCode(buffer[offset]!)
  const line = buffer.toString('utf8', offset + 1, lineEnd)
  const next = lineEnd + 2
  switch (type) {
    case '+':
      return { value: line, end: next }
    case '-':
      return { value: new RedisReplyError(line), end: next }
    case ':':
      return { value: Number(line), end: next }
    case '$': {
      const length = Number(line)
      if (length < 0) return { value: null, end: next }
      if (buffer.length < next + length + 2) return null
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 }
    }
    case '*': {
      const count = Number(line)
      if (count < 0) return { value: null, end: next }
      const items: RespValue[] = []
      let at = next
      for (let i = 0; i < count; i++) {
        const item = parseResp(buffer, at)
        if (item === null) return null
        // An error inside an array (EXEC) is kept as its message.
        items.push(item.value instanceof RedisReplyError ? item.value.message : item.value)
        at = item.end
      }
      return { value: items, end: at }
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`)
  }
}

export function encodeCommand(args: readonly string[]): Buffer {
  const parts = [`*${args.length}\r\n`]
  for (const arg of args) parts.push(`$${Buffer.byteLength(arg)}\r\n${arg}\r\n`)
  return Buffer.from(parts.join(''))
}

/**
 * The few Redis commands Berth itself sends (ACL management, key cleanup),
 * over one connection with replies matched to commands in order.
 */
export class RespClient {
  readonly #socket: Socket
  readonly #waiting: { resolve(value: RespValue): void; reject(error: Error): void }[] = []
  #buffer: Buffer = Buffer.alloc(0)
  #closed: Error | null = null

  private constructor(socket: Socket) {
    this.#socket = socket
    socket.on('data', (chunk) => this.#receive(chunk))
    socket.on('error', (error) => this.#fail(error))
    socket.on('close', () => this.#fail(new Error('connection closed')))
  }

  /** Connects to `redis://[user:password@]host:port[/db]`, authenticating and selecting the database. */
  static async open(url: string, timeoutMs = 5000): Promise<RespClient> {
    const parsed = new URL(url)
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = connect({ host: parsed.hostname.replace(/^\[|\]$/g, ''), port: Number(parsed.port || 6379) })
      s.setTimeout(timeoutMs, () => s.destroy(new Error(`timed out after ${timeoutMs} ms`)))
      s.once('connect', () => resolve(s))
      s.once('error', reject)
    })
    socket.setTimeout(0)
    const client = new RespClient(socket)
    try {
      const password = decodeURIComponent(parsed.password)
      if (password) await client.command(...(parsed.username ? ['AUTH', decodeURIComponent(parsed.username), password] : ['AUTH', password]))
      const db = parsed.pathname.replace(/^\//, '')
      if (db) await client.command('SELECT', db)
    } catch (error) {
      client.close()
      throw error
    }
    return client
  }

  command(...args: string[]): Promise<RespValue> {
    if (this.#closed) return Promise.reject(this.#closed)
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject })
      this.#socket.write(encodeCommand(args))
    })
  }

  close(): void {
    this.#socket.destroy()
  }

  #receive(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    let parsed
    while (this.#buffer.length > 0 && (parsed = parseResp(this.#buffer)) !== null) {
      this.#buffer = this.#buffer.subarray(parsed.end)
      const waiter = this.#waiting.shift()
      if (parsed.value instanceof RedisReplyError) waiter?.reject(parsed.value)
      else waiter?.resolve(parsed.value)
    }
  }

  #fail(error: Error): void {
    this.#closed ??= error
    for (const waiter of this.#waiting.splice(0)) waiter.reject(error)
  }
}
