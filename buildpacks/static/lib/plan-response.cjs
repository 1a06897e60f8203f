'use strict'
// What to answer for a request path under a static.json config, in nginx's order as
// heroku-buildpack-static configures it: redirects, the file itself (with clean URLs, `.html`
// first), a directory's index.html, custom routes, then the error page. Pure: `lookup(relPath)`
// says whether a path under the root is a 'file', a 'dir' or absent (null).

/** The request path's segments, decoded; null for paths that leave the root or smuggle separators. */
function decodeSegments(rawPath) {
  const segments = []
  for (const part of rawPath.split('/').slice(1)) {
    let segment
    try {
      segment = decodeURIComponent(part)
    } catch {
      return null
    }
    if (/[/\\\0]/.test(segment)) return null
    if (segment === '' || segment === '.') continue
    if (segment === '..') {
      if (segments.length === 0) return null
      segments.pop()
      continue
    }
    segments.push(segment)
  }
  return segments
}

// With the app's own directory as the root, its platform files are not part of the site.
function hiddenAtAppRoot(config, segments) {
  if (config.root !== '') return false
  const first = segments[0] ?? ''
  return first === 'static.json' || first === 'Procfile' || segments.some((s) => s.startsWith('.') && s !== '.well-known')
}

function fileAt(lookup, relPath) {
  return lookup(relPath) === 'file' ? relPath : null
}

/** Plans the response to a GET or HEAD of `rawPath` (percent-encoded, without the query). */
function planResponse(config, rawPath, lookup) {
  if (!rawPath.startsWith('/')) return { kind: 'bad_request' }
  const segments = decodeSegments(rawPath)
  if (segments === null) return { kind: 'bad_request' }
  const trailingSlash = rawPath.endsWith('/') && segments.length > 0
  const path = '/' + segments.join('/') + (trailingSlash ? '/' : '')
  const redirect = config.redirects.find((r) => r.pattern.test(path))
  if (redirect) return { kind: 'redirect', status: redirect.status, location: redirect.url, path }
  const notFound = { kind: 'not_found', path, file: config.errorPage && fileAt(lookup, config.errorPage) }
  if (hiddenAtAppRoot(config, segments)) return notFound
  const rel = segments.join('/')
  if (config.cleanUrls && rel !== '' && !trailingSlash) {
    const html = fileAt(lookup, `${rel}.html`)
    if (html) return { kind: 'file', path, file: html }
  }
  const kind = lookup(rel)
  if (kind === 'file' && !trailingSlash) return { kind: 'file', path, file: rel }
  if (kind === 'dir') {
    if (!trailingSlash && rel !== '') return { kind: 'redirect', status: 301, location: '/' + segments.map(encodeURIComponent).join('/') + '/', path }
    const index = fileAt(lookup, rel === '' ? 'index.html' : `${rel}/index.html`)
    if (index) return { kind: 'file', path, file: index }
  }
  for (const route of config.routes) {
    if (!route.pattern.test(path) || route.except.some((prefix) => path.startsWith(prefix))) continue
    const target = fileAt(lookup, route.path)
    if (target) return { kind: 'file', path, file: target }
  }
  return notFound
}

/** The static.json headers for a request path, later patterns overriding earlier ones. */
function headersFor(config, path) {
  const headers = {}
  for (const rule of config.headers) if (rule.pattern.test(path)) Object.assign(headers, rule.values)
  return headers
}
module.exports = { planResponse, headersFor }
