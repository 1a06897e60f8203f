// Berth's router alone, in its own process, in front of one backend port (argv[2]), for bench:router.
// It loads the compiled router (dist/, as `npm start` runs it): the bench builds first.
import { Router } from '../../dist/router/proxy.js'

const backendPort = Number(process.argv[2])
const route = { appId: 'bench', appName: 'bench', maintenance: false, state: 'serving', backends: [{ dynoName: 'web.1', port: backendPort }] }
const router = new Router({
  routes: { lookup: (host) => (host === 'bench.localhost' ? route : null), onChange: () => () => undefined },
  logs: { write: () => undefined },
  requestTimeoutMs: 30_000,
  bootQueueMs: 1000,
})
const port = await router.listen(0, '127.0.0.1')
console.log(`listening ${port}`)
process.on('SIGINT', () => process.exit(0))
