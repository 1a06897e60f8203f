'use strict'
// Content-Type by extension, nginx's mime.types for what sites actually ship.
const TYPES = {
  html: 'text/html', htm: 'text/html', css: 'text/css', js: 'text/javascript', mjs: 'text/javascript',
  json: 'application/json', map: 'application/json', webmanifest: 'application/manifest+json', txt: 'text/plain',
  md: 'text/markdown', csv: 'text/csv', xml: 'application/xml', rss: 'application/rss+xml', atom: 'application/atom+xml',
  svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  avif: 'image/avif', ico: 'image/x-icon', bmp: 'image/bmp', woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf',
  otf: 'font/otf', eot: 'application/vnd.ms-fontobject', pdf: 'application/pdf', wasm: 'application/wasm',
  mp4: 'video/mp4', webm: 'video/webm', mp3: 'audio/mpeg', ogg: 'audio/ogg', wav: 'audio/wav', zip: 'application/zip',
  gz: 'application/gzip', tar: 'application/x-tar',
}
const TEXTUAL = /^text\/|^application\/(json|manifest\+json|xml|rss\+xml|atom\+xml)$|^image\/svg\+xml$/

/** The Content-Type for a file name; textual types carry the site's charset. */
function contentType(fileName, charset) {
  const dot = fileName.lastIndexOf('.')
  const type = (dot >= 0 && TYPES[fileName.slice(dot + 1).toLowerCase()]) || 'application/octet-stream'
  return TEXTUAL.test(type) ? `${type}; charset=${charset.toLowerCase()}` : type
}

/** Worth gzipping: text, plus JavaScript's binary cousins. */
function isCompressible(type) {
  return TEXTUAL.test(type.split(';')[0]) || type === 'application/wasm'
}
module.exports = { contentType, isCompressible }
