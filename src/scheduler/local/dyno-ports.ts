import { createServer } from 'node:net'

/**
 * `$PORT`s for web dynos, from a range of their own. Asking the kernel for a
 * free port would pick one from its ephemeral range, where any outgoing
 * connection (the router's, the database client's) may take it as its local
 * port before the dyno binds it, and the dyno would crash at boot with
 * EADDRINUSE. Ports are handed out in turn through the range, so a port just
 * given up is not reused at once, and each stays reserved until `release`.
 */
export class DynoPorts {
  readonly #reserved = new Set<number>()
  #next: number

  constructor(readonly first: number, readonly last: number) {
    if (!(Number.isInteger(first) && Number.isInteger(last) && first >= 1 && first <= last && last <= 65535)) throw new RangeError(`invalid port range ${first}-${last}`)
    // Several servers on one machine (or a restarted one) start at different places in the range.
    this.#next = first + Math.floor(Math.random() * (last - first + 1))
  }

  async allocate(): Promise<number> {
    for (let tried = 0; tried <= this.last - this.first; tried++) {
      const port = this.#next
      this.#next = port >= this.last ? this.first : port + 1
      if (this.#reserved.has(port) || !(await bindable(port))) continue
      this.#reserved.add(port)
      return port
    }
    throw new Error(`no free port for a web dyno in ${this.first}-${this.last}`)
  }

  release(port: number): void {
    this.#reserved.delete(port)
  }
}

/** Whether a listener could bind the port on every address right now (apps often listen on `::` or `0.0.0.0`). */
function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, () => server.close(() => resolve(true)))
  })
}
