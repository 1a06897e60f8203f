import type { LogLine, LogSink } from './log-sink.js'

export interface BufferedLine extends LogLine {
  /** Sequence id, increasing across all apps; SSE clients resume from it. */
  id: number
  /** Microseconds since the epoch (Logplex timestamps carry microseconds). */
  atMicros: number
}

export type LineListener = (line: BufferedLine) => void

// Heroku compat: Logplex keeps the last 1500 lines per app and splits lines longer than 10,000 bytes.
export const DEFAULT_CAPACITY = 1500
export const MAX_LINE_BYTES = 10_000

class Ring {
  readonly lines: (BufferedLine | undefined)[]
  start = 0
  size = 0
  readonly listeners = new Set<LineListener>()

  constructor(capacity: number) {
    this.lines = new Array(capacity)
  }

  push(line: BufferedLine): void {
    const capacity = this.lines.length
    this.lines[(this.start + this.size) % capacity] = line
    if (this.size < capacity) this.size++
    else this.start = (this.start + 1) % capacity
  }

  /** Oldest first. */
  toArray(): BufferedLine[] {
    const out: BufferedLine[] = []
    for (let i = 0; i < this.size; i++) out.push(this.lines[(this.start + i) % this.lines.length]!)
    return out
  }
}

/**
 * The log bus: a ring of the last lines of each app (memory stays bounded whatever an app prints)
 * and live subscribers. Writing never blocks: a listener must not do slow work inline.
 */
export class LogBuffer implements LogSink {
  readonly #apps = new Map<string, Ring>()
  #sequence = 0

  constructor(
    private readonly capacity = DEFAULT_CAPACITY,
    private readonly nowMicros: () => number = () => Math.floor((performance.timeOrigin + performance.now()) * 1000),
  ) {}

  write(line: LogLine): void {
    const ring = this.#ring(line.appId)
    for (const message of splitMessage(line.message)) {
      const buffered = { ...line, message, id: ++this.#sequence, atMicros: this.nowMicros() }
      ring.push(buffered)
      for (const listener of ring.listeners) listener(buffered)
    }
  }

  /** The last `count` lines of an app matching `filter`, oldest first. */
  recent(appId: string, count: number, filter: (line: BufferedLine) => boolean = () => true): BufferedLine[] {
    const lines = this.#apps.get(appId)?.toArray() ?? []
    return lines.filter(filter).slice(-count)
  }

  /** Lines after a sequence id (to resume a stream), oldest first. */
  since(appId: string, id: number, filter: (line: BufferedLine) => boolean = () => true): BufferedLine[] {
    return (this.#apps.get(appId)?.toArray() ?? []).filter((line) => line.id > id && filter(line))
  }

  subscribe(appId: string, listener: LineListener): () => void {
    const ring = this.#ring(appId)
    ring.listeners.add(listener)
    return () => ring.listeners.delete(listener)
  }

  #ring(appId: string): Ring {
    let ring = this.#apps.get(appId)
    if (!ring) {
      ring = new Ring(this.capacity)
      this.#apps.set(appId, ring)
    }
    return ring
  }
}

/** Splits a message into chunks of at most MAX_LINE_BYTES bytes (on character boundaries). */
export function splitMessage(message: string): string[] {
  if (Buffer.byteLength(message) <= MAX_LINE_BYTES) return [message]
  const chunks: string[] = []
  let current = ''
  let bytes = 0
  for (const char of message) {
    const size = Buffer.byteLength(char)
    if (bytes + size > MAX_LINE_BYTES) {
      chunks.push(current)
      current = ''
      bytes = 0
    }
    current += char
    bytes += size
  }
  if (current) chunks.push(current)
  return chunks
}

// Formatted once per line, however many sessions and drains read it.
const formatted = new WeakMap<BufferedLine, string>()

/** `2026-11-28T02:55:24.470866+00:00 app[web.1]: message`, Logplex's line format. */
export function formatLine(line: BufferedLine): string {
  let text = formatted.get(line)
  if (text === undefined) {
    text = format(line)
    formatted.set(line, text)
  }
  return text
}

function format(line: BufferedLine): string {
  const iso = new Date(Math.floor(line.atMicros / 1000)).toISOString()
  const micros = String(line.atMicros % 1_000_000).padStart(6, '0')
  return `${iso.slice(0, 19)}.${micros}+00:00 ${line.source}[${line.process}]: ${line.message}`
}
