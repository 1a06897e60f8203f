import { chmod } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { describeRuntime, formatRuntimeRef, parseRuntimeRef, RuntimeStore, RuntimeStoreError } from './runtime-store.js'

/** Where a build's compile step finds the socket it asks for runtimes on. */
export const RUNTIME_SOCKET_PATH = '/run/berth-runtime.sock'

// One request per connection, a line like `node@18.20.8`; a build asks for a handful at most.
const MAX_LINE_BYTES = 128
const MAX_RUNTIMES_PER_BUILD = 4

/**
 * One build's line to the runtime store: a Unix socket in the build's workspace, mounted into its
 * compile steps. A buildpack writes `node@18.20.8\n`; Berth answers `ok /runtime-store/node/18.20.8\n`
 * once the runtime is in the store, or `error <why>\n`. Berth remembers what it handed out: the
 * slug records it, so any machine that runs the slug later can fill its own store first.
 */
export class RuntimeRequests {
  readonly #provided = new Set<string>()
  readonly #sockets = new Set<Socket>()

  private constructor(private readonly server: Server, private readonly store: RuntimeStore, private readonly onLine: (line: string) => void) {}

  /** `onLine` tells the person pushing when Berth downloads a runtime. */
  static async listen(socketPath: string, store: RuntimeStore, onLine: (line: string) => void): Promise<RuntimeRequests> {
    // Half-open: a client that ends its side after asking still gets the answer.
    const server = createServer({ allowHalfOpen: true })
    const requests = new RuntimeRequests(server, store, onLine)
    server.on('connection', (socket) => requests.#serve(socket))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(socketPath, () => resolve())
    })
    // The build runs as an unprivileged user; the socket's directory is the build's own workspace.
    await chmod(socketPath, 0o666)
    return requests
  }

  /** `node@18.20.8`, … in the order first asked for. */
  get provided(): string[] {
    return [...this.#provided]
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  #serve(socket: Socket): void {
    this.#sockets.add(socket)
    socket.on('close', () => this.#sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    let line = ''
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      line += chunk
      const end = line.indexOf('\n')
      if (end === -1 && line.length <= MAX_LINE_BYTES) return
      socket.removeAllListeners('data')
      this.#answer(end === -1 ? null : line.slice(0, end)).then(
        (answer) => socket.end(`${answer}\n`),
        () => socket.end('error Berth could not provide that runtime.\n'),
      )
    })
  }

  async #answer(text: string | null): Promise<string> {
    const ref = text === null ? null : parseRuntimeRef(text)
    if (ref === null) return 'error Ask for one runtime as name@version, like node@18.20.8.'
    const key = formatRuntimeRef(ref)
    if (!this.#provided.has(key) && this.#provided.size >= MAX_RUNTIMES_PER_BUILD) return `error A build may use at most ${MAX_RUNTIMES_PER_BUILD} runtimes.`
    this.#provided.add(key)
    try {
      if (!(await this.store.has(ref))) this.onLine(`       Downloading ${describeRuntime(ref)} from the npm registry into Berth's runtime store`)
      await this.store.ensure(ref)
    } catch (error) {
      this.#provided.delete(key)
      if (error instanceof RuntimeStoreError) return `error ${error.message.replace(/\n/g, ' ')}`
      throw error
    }
    return `ok ${RuntimeStore.sandboxPath(ref)}`
  }
}
