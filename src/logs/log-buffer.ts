import type { LogLine, LogSink } from './log-sink.js'

export interface BufferedLine extends LogLine {
  id: number
  at: Date
}

/** Per-app ring buffers of the most recent lines, each with a sequence id and timestamp. */
export class LogBuffer implements LogSink {
  readonly #lines = new Map<string, BufferedLine[]>()
  #sequence = 0

  constructor(
    private readonly capacity = 1500,
    private readonly now: () => Date = () => new Date(),
  ) {}

  write(line: LogLine): void {
    let lines = this.#lines.get(line.appId)
    if (!lines) {
      lines = []
      this.#lines.set(line.appId, lines)
    }
    lines.push({ ...line, id: ++this.#sequence, at: this.now() })
    if (lines.length > this.capacity) lines.splice(0, lines.length - this.capacity)
  }

  /** The last `count` lines of an app, oldest first. */
  recent(appId: string, count: number): BufferedLine[] {
    return (this.#lines.get(appId) ?? []).slice(-count)
  }

  forget(appId: string): void {
    this.#lines.delete(appId)
  }
}
