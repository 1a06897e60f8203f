'use strict'
// static.json, read the way heroku-buildpack-static reads it. Pure: the caller says whether the app
// has a public_html/ directory, and gets a normalized config or an Error naming the bad key.
const { compilePathPattern } = require('./path-pattern.cjs')

// Keys Heroku's buildpack has and Berth does not act on, with the reason shown at build time.
const IGNORED = {
  https_only: 'ignored: the router in front of Berth decides on TLS',
  proxies: 'not supported: call the backend directly or put it behind the same router',
  logging: 'ignored: the router logs every request',
}
const KNOWN = new Set(['root', 'clean_urls', 'error_page', 'headers', 'redirects', 'routes', 'encoding', ...Object.keys(IGNORED)])

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

/** A relative path inside the app: no absolute paths, no `..`. */
function relativePath(key, value) {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`"${key}" must be a path`)
  const parts = value.split('/').filter((p) => p !== '' && p !== '.')
  if (value.startsWith('/') && key === 'root') throw new Error(`"root" must be relative to the app, not ${JSON.stringify(value)}`)
  if (parts.includes('..')) throw new Error(`"${key}" must stay inside the app: ${JSON.stringify(value)}`)
  return parts.join('/')
}

function parseHeaders(headers) {
  if (!isObject(headers)) throw new Error('"headers" must map paths to objects of headers')
  return Object.entries(headers).map(([pattern, values]) => {
    if (!isObject(values) || !Object.values(values).every((v) => typeof v === 'string')) throw new Error(`"headers" for ${pattern} must map header names to strings`)
    return { pattern: compilePathPattern(pattern), values }
  })
}

function parseRedirects(redirects) {
  if (!isObject(redirects)) throw new Error('"redirects" must map paths to { "url": …, "status": … }')
  return Object.entries(redirects).map(([pattern, target]) => {
    const url = isObject(target) ? target.url : undefined
    const status = isObject(target) && target.status !== undefined ? target.status : 301
    if (typeof url !== 'string' || url === '') throw new Error(`redirect ${pattern} needs a "url"`)
    if (![301, 302, 303, 307, 308].includes(status)) throw new Error(`redirect ${pattern} has status ${JSON.stringify(status)}; use 301, 302, 303, 307 or 308`)
    return { pattern: compilePathPattern(pattern), url, status }
  })
}

function parseRoutes(routes) {
  if (!isObject(routes)) throw new Error('"routes" must map paths to files')
  return Object.entries(routes).map(([pattern, target]) => {
    const path = relativePath(`routes ${pattern}`, isObject(target) ? target.path : target)
    const except = isObject(target) && target.except !== undefined ? [target.except].flat() : []
    if (!except.every((e) => typeof e === 'string')) throw new Error(`route ${pattern}: "except" must be a path or a list of paths`)
    return { pattern: compilePathPattern(pattern), path, except }
  })
}

/** Parses static.json's text (null when the app has none) into the server's config. */
function parseStaticConfig(text, { hasPublicHtml }) {
  let raw = {}
  if (text !== null) {
    try {
      raw = JSON.parse(text)
    } catch (error) {
      throw new Error(`static.json is not valid JSON: ${error.message}`)
    }
    if (!isObject(raw)) throw new Error('static.json must hold a JSON object')
  }
  // Heroku compat: the root defaults to public_html/; Berth serves the app's own root when there is none.
  const root = raw.root !== undefined ? relativePath('root', raw.root) : hasPublicHtml ? 'public_html' : ''
  if (raw.clean_urls !== undefined && typeof raw.clean_urls !== 'boolean') throw new Error('"clean_urls" must be true or false')
  if (raw.encoding !== undefined && (typeof raw.encoding !== 'string' || !/^[A-Za-z0-9._-]+$/.test(raw.encoding))) throw new Error('"encoding" must be a character set name')
  return {
    root,
    cleanUrls: raw.clean_urls === true,
    errorPage: raw.error_page !== undefined ? relativePath('error_page', raw.error_page) : null,
    encoding: raw.encoding ?? 'UTF-8',
    headers: raw.headers !== undefined ? parseHeaders(raw.headers) : [],
    redirects: raw.redirects !== undefined ? parseRedirects(raw.redirects) : [],
    routes: raw.routes !== undefined ? parseRoutes(raw.routes) : [],
    ignored: Object.keys(raw).filter((key) => key in IGNORED).map((key) => `${key}: ${IGNORED[key]}`),
    unknown: Object.keys(raw).filter((key) => !KNOWN.has(key)),
  }
}
module.exports = { parseStaticConfig }
