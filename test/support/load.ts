import { routerGet } from './router-client.js'

export interface LoadResult {
  ok: number
  failed: { status: number; body: string }[]
  /** How many responses each body (such as a release version) got. */
  seen: Map<string, number>
}

/**
 * Bounded load through the router: `clients` loops of GET until stopped (and
 * at most `maxRequests` in all), all against 127.0.0.1; over HTTPS for an https:// router URL.
 */
export function startLoad(routerUrl: string, host: string, options: { clients: number; maxRequests: number; label?: (body: string) => string; ca?: string }) {
  const result: LoadResult = { ok: 0, failed: [], seen: new Map() }
  let running = true
  let sent = 0
  const loops = Array.from({ length: options.clients }, async () => {
    while (running && sent < options.maxRequests) {
      sent++
      try {
        const response = await routerGet(routerUrl, host, '/', {}, { ca: options.ca })
        if (response.status >= 200 && response.status < 300) {
          result.ok++
          const label = options.label ? options.label(response.body) : response.body
          result.seen.set(label, (result.seen.get(label) ?? 0) + 1)
        } else {
          result.failed.push({ status: response.status, body: response.body.slice(0, 200) })
        }
      } catch (error) {
        result.failed.push({ status: 0, body: (error as Error).message })
      }
    }
  })
  return {
    async stop(): Promise<LoadResult> {
      running = false
      await Promise.all(loops)
      return result
    },
  }
}
