import type { AppRoute, RouteSource } from './route-source.js'

/**
 * Holds a request for a booting app until its route changes to something else or `bootQueueMs` has
 * passed; resolves to the route as it then is (still `booting` on timeout: the caller answers H20).
 * It wakes on the route source's change nudge, not by polling.
 */
export async function waitForBackends(routes: RouteSource, host: string, route: AppRoute, bootQueueMs: number): Promise<AppRoute> {
  const deadline = Date.now() + bootQueueMs
  let current = route
  while (current.state === 'booting' && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(1, deadline - Date.now()))
      const unsubscribe = routes.onChange(done)
      function done() {
        clearTimeout(timer)
        unsubscribe()
        resolve()
      }
    })
    current = routes.lookup(host) ?? current
  }
  return current
}
