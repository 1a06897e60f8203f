'use strict'
// The static site's HTTP server: plans each request with plan-response.cjs and answers it with
// ETag/Last-Modified validation, HEAD, and gzip for text.
const fs = require('node:fs')
const http = require('node:http')
const path = require('node:path')
const zlib = require('node:zlib')
const { parseStaticConfig } = require('./static-config.cjs')
const { planResponse, headersFor } = require('./plan-response.cjs')
const { contentType, isCompressible } = require('./content-type.cjs')
const { createFileTable } = require('./file-table.cjs')

const MIN_GZIP_BYTES = 256

/** Reads the app's static.json (if any) and answers requests for its site. */
function createStaticServer({ appDir }) {
  const configFile = path.join(appDir, 'static.json')
  const text = fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : null
  const config = parseStaticConfig(text, { hasPublicHtml: fs.existsSync(path.join(appDir, 'public_html')) })
  const files = createFileTable(path.join(appDir, config.root))
  return http.createServer((req, res) => handle(config, files, req, res))
}

function handle(config, files, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
    return res.end('Method Not Allowed\n')
  }
  const rawUrl = req.url || '/'
  const queryAt = rawUrl.indexOf('?')
  const rawPath = queryAt >= 0 ? rawUrl.slice(0, queryAt) : rawUrl
  const plan = planResponse(config, rawPath, files.lookup)
  if (plan.kind === 'bad_request') return plain(req, res, 400, 'Bad Request\n', {})
  const extra = headersFor(config, plan.path)
  if (plan.kind === 'redirect') {
    const location = plan.status === 301 && plan.location.endsWith('/') && queryAt >= 0 && !plan.location.includes('?') ? plan.location + rawUrl.slice(queryAt) : plan.location
    return plain(req, res, plan.status, `Redirecting to ${location}\n`, { ...extra, Location: location })
  }
  if (plan.kind === 'not_found' && !plan.file) return plain(req, res, 404, 'Not Found\n', extra)
  sendFile(config, files, req, res, { file: plan.file, status: plan.kind === 'file' ? 200 : 404, extra })
}

function plain(req, res, status, body, headers) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...headers })
  res.end(req.method === 'HEAD' ? undefined : body)
}

function notModified(req, etag, mtimeMs) {
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch !== undefined) {
    const bare = etag.replace(/^W\//, '')
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === bare)
  }
  const since = Date.parse(req.headers['if-modified-since'] ?? '')
  return Number.isFinite(since) && Math.floor(mtimeMs / 1000) * 1000 <= since
}

function sendFile(config, files, req, res, { file, status, extra }) {
  const entry = files.find(file)
  const type = contentType(file, config.encoding)
  const { size, mtimeMs, mtime } = entry.stat
  // Weak: the same ETag stands for the gzipped and the identity bytes.
  const etag = `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`
  const headers = { 'Content-Type': type, 'Last-Modified': mtime.toUTCString(), ETag: etag, ...extra }
  if (status === 200 && notModified(req, etag, mtimeMs)) {
    res.writeHead(304, headers)
    return res.end()
  }
  const body = files.body(entry)
  const compressible = isCompressible(type) && size >= MIN_GZIP_BYTES && body !== null
  if (compressible) headers.Vary = 'Accept-Encoding'
  if (compressible && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    entry.gzipped ??= zlib.gzipSync(body)
    res.writeHead(status, { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': entry.gzipped.length })
    return res.end(req.method === 'HEAD' ? undefined : entry.gzipped)
  }
  res.writeHead(status, { ...headers, 'Content-Length': size })
  if (req.method === 'HEAD') return res.end()
  if (body !== null) return res.end(body)
  const stream = fs.createReadStream(entry.real)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}
module.exports = { createStaticServer }
