/**
 * Runs `work` one at a time: asked while a run is under way, it runs exactly once more after it,
 * however many times it was asked (a re-read after changes, a look for due work). Never rejects:
 * a failed run goes to `onError`.
 */
export class CoalescedRuns {
  #running: Promise<void> | null = null
  #again = false

  constructor(private readonly work: () => Promise<void>, private readonly onError: (error: unknown) => void) {}

  request(): void {
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.work().catch(this.onError).finally(() => {
      this.#running = null
      if (!this.#again) return
      this.#again = false
      this.request()
    })
  }
}
