/** One holder per key at a time; waiters are served in arrival order. */
export class KeyedMutex {
  readonly #tails = new Map<string, Promise<void>>()

  /** Resolves with the function that releases the key. */
  async acquire(key: string): Promise<() => void> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    let release!: () => void
    const current = new Promise<void>((resolve) => { release = resolve })
    const tail = previous.then(() => current)
    this.#tails.set(key, tail)
    await previous
    let released = false
    return () => {
      if (released) return
      released = true
      release()
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    }
  }
}
