'use strict'
// Reads what the Go buildpack needs from go.mod: the module path, the `go` and `toolchain`
// directives, and Heroku's `// +heroku install` comment.

function parseGoMod(text) {
  const result = { module: null, go: null, toolchain: null, install: null }
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    // Heroku compat: `// +heroku install ./cmd/...` names the packages to build.
    const heroku = /^\/\/\s*\+heroku\s+install\s+(.+)$/.exec(line)
    if (heroku) result.install ??= heroku[1].trim().split(/\s+/)
    const code = line.replace(/\/\/.*$/, '').trim()
    const [keyword, value] = code.split(/\s+/)
    if (!value) continue
    const unquoted = value.replace(/^"(.*)"$/, '$1').replace(/^`(.*)`$/, '$1')
    if (keyword === 'module') result.module ??= unquoted
    else if (keyword === 'go') result.go ??= unquoted
    else if (keyword === 'toolchain') result.toolchain ??= unquoted.replace(/^go/, '')
  }
  return result
}

// The name `go build` gives a main package's binary: the last path element, skipping a /vN suffix.
function binaryName(importPath) {
  const parts = importPath.split('/').filter(Boolean)
  const last = parts.at(-1) ?? ''
  return /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2) : last
}

module.exports = { parseGoMod, binaryName }
