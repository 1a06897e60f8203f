// Fresh TLS handshakes, as fast as they go, for bench:tls. argv: port, servername, concurrent
// connections, duration in ms. Each connection is a new tls.connect with no session to resume (a full
// handshake), closed as soon as the handshake completes. Prints one JSON line: { handshakes, resumed, errors, seconds }.
import { connect, createSecureContext } from 'node:tls'

const [port, servername, concurrency, durationMs] = [Number(process.argv[2]), process.argv[3], Number(process.argv[4]), Number(process.argv[5])]
// One client context for every connection: the client's own setup is not what is measured.
const secureContext = createSecureContext()
const counts = { handshakes: 0, resumed: 0, errors: 0 }
const started = performance.now()
const deadline = started + durationMs

function loop() {
  if (performance.now() >= deadline) return Promise.resolve()
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, servername, secureContext, rejectUnauthorized: false }, () => {
      counts.handshakes++
      if (socket.isSessionReused()) counts.resumed++
      socket.destroy()
      resolve()
    })
    socket.on('error', () => {
      counts.errors++
      socket.destroy()
      resolve()
    })
  }).then(loop)
}

await Promise.all(Array.from({ length: concurrency }, loop))
process.stdout.write(JSON.stringify({ ...counts, seconds: (performance.now() - started) / 1000 }) + '\n')
