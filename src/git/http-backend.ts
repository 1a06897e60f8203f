import { spawn } from 'node:child_process'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Readable } from 'node:stream'

export interface BackendRequest {
  projectRoot: string
  /** `/<dir>.git/info/refs` and so on, relative to projectRoot. */
  pathInfo: string
  raw: IncomingMessage
  body: Readable | null
  remoteUser: string
  env: Record<string, string>
}

/**
 * Runs `git http-backend` as a CGI for one smart-HTTP request and streams its
 * answer back, unbuffered, so hook output reaches the pusher line by line.
 */
export function runHttpBackend(request: BackendRequest, response: ServerResponse): Promise<void> {
  const { raw } = request
  const url = new URL(raw.url ?? '/', 'http://localhost')
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    GIT_PROJECT_ROOT: request.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: request.pathInfo,
    REQUEST_METHOD: raw.method ?? 'GET',
    QUERY_STRING: url.search.replace(/^\?/, ''),
    CONTENT_TYPE: raw.headers['content-type'] ?? '',
    REMOTE_USER: request.remoteUser,
    REMOTE_ADDR: raw.socket.remoteAddress ?? '',
    ...(raw.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: String(raw.headers['content-encoding']) } : {}),
    ...(raw.headers['git-protocol'] ? { GIT_PROTOCOL: String(raw.headers['git-protocol']) } : {}),
    ...request.env,
  }
  return new Promise((resolve) => {
    const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let head = Buffer.alloc(0)
    let headersSent = false
    child.stdout.on('data', (chunk: Buffer) => {
      if (headersSent) return void response.write(chunk)
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n') >= 0 ? head.indexOf('\r\n\r\n') + 4 : head.indexOf('\n\n') >= 0 ? head.indexOf('\n\n') + 2 : -1
      if (end < 0) return
      const { status, headers } = parseCgiHeaders(head.subarray(0, end).toString('latin1'))
      response.writeHead(status, headers)
      headersSent = true
      if (end < head.length) response.write(head.subarray(end))
    })
    child.stderr.on('data', () => undefined)
    child.on('close', () => {
      if (!headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' })
      response.end()
      resolve()
    })
    child.stdin.on('error', () => undefined)
    if (request.body) request.body.pipe(child.stdin)
    else child.stdin.end()
  })
}

function parseCgiHeaders(text: string): { status: number; headers: Record<string, string> } {
  const headers: Record<string, string> = {}
  let status = 200
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim()
    const value = line.slice(colon + 1).trim()
    if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10) || 200
    else headers[name] = value
  }
  return { status, headers }
}
