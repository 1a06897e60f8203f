// Berth's router alone, in its own process, for bench:router. argv[2] is a JSON object of hosts to
// the backend each routes to ({ "bench.localhost": { "host": "127.0.0.1", "port": 5000 } }).
// It loads the compiled router (dist/, as `npm start` runs it): the bench builds first.
import { Router } from '../../dist/router/proxy.js'
import { endpoint } from '../../dist/router/route-source.js'

const routes = new Map(Object.entries(JSON.parse(process.argv[2])).map(([host, backend]) => [host, {
  appId: host, appName: host, maintenance: false, state: 'serving', backends: [{ dynoName: 'web.1', ...endpoint(backend.host, backend.port) }],
}]))
const router = new Router({
  routes: { lookup: (host) => routes.get(host) ?? null, onChange: () => () => undefined },
  logs: { write: () => undefined },
  requestTimeoutMs: 30_000,
  bootQueueMs: 1000,
})
const port = await router.listen(0, '127.0.0.1')
console.log(`listening ${port}`)
process.on('SIGINT', () => process.exit(0))
