'use strict'
// Heroku compat: static.json paths use two operators, `*` for one path segment and `**` for any
// number of them; everything else matches literally.
function compilePathPattern(pattern) {
  if (typeof pattern !== 'string' || !pattern.startsWith('/')) throw new Error(`path ${JSON.stringify(pattern)} must start with /`)
  const source = pattern.split(/(\*\*|\*)/).map((part) => {
    if (part === '**') return '.*'
    if (part === '*') return '[^/]*'
    return part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
  }).join('')
  return new RegExp(`^${source}$`)
}
module.exports = { compilePathPattern }
