import type { ServerResponse } from 'node:http'
import { formatLine, type BufferedLine, type LineListener } from './log-buffer.js'

/** What a log stream reads: the buffer's backlog and its live lines. */
export interface LogReader {
  recent(appId: string, count: number, filter?: (line: BufferedLine) => boolean): BufferedLine[]
  since(appId: string, id: number, filter?: (line: BufferedLine) => boolean): BufferedLine[]
  subscribe(appId: string, listener: LineListener): () => void
}

export interface LogStreamOptions {
  appId: string
  filter: (line: BufferedLine) => boolean
  lines: number
  tail: boolean
  sse: boolean
  /** Resume after this sequence id (SSE `Last-Event-ID`) instead of sending the last `lines`. */
  lastEventId: number | null
  heartbeatMs?: number
  /** A reader this far behind loses lines (and is told so with L11) rather than holding memory. */
  maxBufferedBytes?: number
}

// One encoding per line, shared by every session tailing it.
const events = new WeakMap<BufferedLine, string>()

function sseEvent(line: BufferedLine): string {
  let event = events.get(line)
  if (event === undefined) {
    event = `id: ${line.id}\ndata: ${formatLine(line)}\n\n`
    events.set(line, event)
  }
  return event
}

/**
 * Writes an app's log lines to an HTTP response: the backlog, then (when tailing) each new line.
 * Server-Sent Events carry one event per line with its sequence id and a short `retry`, so the
 * official CLI reconnects quickly and resumes with `Last-Event-ID`; otherwise plain text.
 */
export function streamLogs(reader: LogReader, res: ServerResponse, options: LogStreamOptions): void {
  const { sse } = options
  res.writeHead(200, {
    'Content-Type': sse ? 'text/event-stream; charset=utf-8' : 'text/plain; charset=utf-8',
    'Cache-Control': 'no-cache',
    'X-Accel-Buffering': 'no',
  })
  const encode = sse ? sseEvent : (line: BufferedLine) => `${formatLine(line)}\n`
  // Heroku compat: a small retry makes `heroku logs` exit promptly and `--tail` reconnect promptly.
  if (sse) res.write('retry: 100\n\n')
  const backlog = options.lastEventId === null
    ? reader.recent(options.appId, options.lines, options.filter)
    : reader.since(options.appId, options.lastEventId, options.filter)
  res.write(backlog.map(encode).join(''))
  if (!options.tail) return void res.end()

  const maxBuffered = options.maxBufferedBytes ?? 1024 * 1024
  let dropped = 0
  let droppedSince = ''
  // Lines arriving in one tick leave in one write: one array push per line, one write per tick.
  let pending: string[] = []
  const flush = () => {
    const chunk = pending.join('')
    pending = []
    res.write(chunk)
  }
  const unsubscribe = reader.subscribe(options.appId, (line) => {
    if (!options.filter(line)) return
    if (res.writableLength > maxBuffered) {
      if (dropped++ === 0) droppedSince = formatLine(line).slice(0, 32)
      return
    }
    if (pending.length === 0) setImmediate(flush)
    if (dropped > 0) {
      pending.push(encode({ ...line, source: 'heroku', process: 'logplex', message: `Error L11 (Tail buffer overflow) -> This tail session dropped ${dropped} messages since ${droppedSince}` }))
      dropped = 0
    }
    pending.push(encode(line))
  })
  const heartbeat = setInterval(() => res.write(sse ? ': ping\n\n' : ''), options.heartbeatMs ?? 10_000)
  res.on('close', () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
