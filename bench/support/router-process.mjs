// Berth's router alone, in its own process, for bench:router and bench:tls. argv[2] is a JSON object
// of hosts to the backend each routes to ({ "bench.localhost": { "host": "127.0.0.1", "port": 5000 } }).
// argv[3], if given, names a certificate to serve over HTTPS too ({ "cert": "<pem file>", "key": "<pem file>" }):
// the router then prints `listening <port> tls <port>`. With BENCH_METRICS=off the router counts no
// request toward release health (as with it on, the server's way, counts go to a store that takes them).
// It loads the compiled router (dist/, as `npm start` runs it): the bench builds first.
import { readFileSync } from 'node:fs'
import { ReleaseMeter } from '../../dist/health/release-meter.js'
import { Router } from '../../dist/router/proxy.js'
import { endpoint } from '../../dist/router/route-source.js'

const routes = new Map(Object.entries(JSON.parse(process.argv[2])).map(([host, backend]) => [host, {
  appId: host, appName: host, maintenance: false, state: 'serving', releaseVersion: 1,
  backends: [{ dynoName: 'web.1', releaseVersion: 1, ...endpoint(backend.host, backend.port) }],
}]))
const meter = process.env.BENCH_METRICS === 'off' ? undefined : new ReleaseMeter({ store: { addReleaseMetrics: async () => undefined, expireReleaseMetrics: async () => 0 }, onError: () => undefined })
meter?.start()
const router = new Router({
  routes: { lookup: (host) => routes.get(host) ?? null, onChange: () => () => undefined },
  logs: { write: () => undefined },
  requestTimeoutMs: 30_000,
  bootQueueMs: 1000,
  requests: meter,
})
const port = await router.listen(0, '127.0.0.1')
if (process.argv[3]) {
  const files = JSON.parse(process.argv[3])
  const served = { id: 'bench', version: '1', cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') }
  // Every SNI name gets the one certificate: wrk sends the URL's host (127.0.0.1) as its name.
  const certificates = { certificateFor: () => served }
  const tlsPort = await router.listenTls(0, '127.0.0.1', { certificates, fallback: { certificateFor: () => null } })
  console.log(`listening ${port} tls ${tlsPort}`)
} else {
  console.log(`listening ${port}`)
}
process.on('SIGINT', () => process.exit(0))
