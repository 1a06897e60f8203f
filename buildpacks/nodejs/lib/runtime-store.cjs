'use strict'
// Asking Berth for a runtime from its runtime store (ADR 0010): one line `node@18.20.8` on the Unix
// socket at $BERTH_RUNTIME_SOCKET; Berth downloads it once for every app (checked against the
// registry's integrity hash) and answers `ok /runtime-store/node/18.20.8`, read-only in builds and
// dynos alike, or `error <why>`. Run as a program, this file is the client; required, it runs itself
// synchronously, as the rest of the buildpack is.
const { spawnSync } = require('node:child_process')
const net = require('node:net')

// A first download of Node.js is about 40 MB.
const TIMEOUT_MS = 10 * 60 * 1000

/** The store's path of `ref`, or null when this Berth has no runtime store. Throws with Berth's reason. */
function requestRuntime(ref) {
  const socket = process.env.BERTH_RUNTIME_SOCKET
  if (!socket) return null
  const result = spawnSync(process.execPath, [__filename, socket, ref], { encoding: 'utf8', timeout: TIMEOUT_MS })
  const answer = (result.stdout || '').trim()
  if (answer.startsWith('ok /')) return answer.slice(3)
  throw new Error(answer.startsWith('error ') ? answer.slice(6) : `Berth's runtime store did not answer for ${ref}`)
}

if (require.main === module) {
  const [socketPath, ref] = process.argv.slice(2)
  let answer = ''
  const socket = net.connect(socketPath, () => socket.write(`${ref}\n`))
  socket.setEncoding('utf8')
  socket.on('data', (chunk) => { answer += chunk })
  socket.on('close', () => process.stdout.write(answer))
  socket.on('error', (error) => { answer = `error could not reach Berth's runtime store: ${error.message}` })
}

module.exports = { requestRuntime }
