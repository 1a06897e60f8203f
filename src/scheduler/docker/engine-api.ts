import { request, type IncomingMessage } from 'node:http'

/** An answer of the Engine API that was not a success. */
export class EngineApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

/**
 * The Docker Engine API over its Unix socket, for what the CLI cannot do well: Swarm service specs
 * with environments of any content, task states, and log streams. API 1.41 is Docker 20.10's.
 */
export class EngineApi {
  constructor(readonly socketPath: string, private readonly version = 'v1.41') {}

  /** The API of the engine at a `unix://` host URL. */
  static at(host: string): EngineApi {
    if (!host.startsWith('unix://')) throw new Error(`not a unix:// Docker host: ${host}`)
    return new EngineApi(host.slice('unix://'.length))
  }

  /** Answers with the parsed JSON body, or null for an empty one; throws EngineApiError on 4xx and 5xx. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.open(method, path, body)
    const text = await readAll(response)
    const parsed = text ? JSON.parse(text) as unknown : null
    if ((response.statusCode ?? 500) >= 400) {
      const message = (parsed as { message?: string } | null)?.message ?? `HTTP ${response.statusCode}`
      throw new EngineApiError(response.statusCode ?? 500, message)
    }
    return parsed as T
  }

  /** The raw response, for streams (logs); the caller reads or destroys it. */
  open(method: string, path: string, body?: unknown): Promise<IncomingMessage> {
    const payload = body === undefined ? undefined : JSON.stringify(body)
    return new Promise((resolve, reject) => {
      const req = request({
        socketPath: this.socketPath, method, path: `/${this.version}${path}`,
        headers: payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
      }, resolve)
      req.on('error', reject)
      req.end(payload)
    })
  }
}

function readAll(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    response.setEncoding('utf8')
    response.on('data', (chunk: string) => { text += chunk })
    response.on('end', () => resolve(text))
    response.on('error', reject)
  })
}

/**
 * Splits the engine's multiplexed log stream (8-byte frame headers: stream, 3 zero bytes, length)
 * into its stdout and stderr payloads.
 */
export function demultiplex(onFrame: (stream: 'stdout' | 'stderr', payload: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0)
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4)
      if (pending.length < 8 + size) break
      onFrame(pending[0] === 2 ? 'stderr' : 'stdout', pending.subarray(8, 8 + size))
      pending = pending.subarray(8 + size)
    }
  }
}
