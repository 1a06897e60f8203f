import http from 'node:http'

/** A minimal keep-alive JSON client, so the load generator costs as little as possible. */
export function jsonClient(baseUrl: string, token: string, maxSockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets })
  const url = new URL(baseUrl)
  return {
    request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
      const payload = body === undefined ? undefined : JSON.stringify(body)
      return new Promise((resolve, reject) => {
        const req = http.request({
          agent, host: url.hostname, port: url.port, method, path,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/vnd.heroku+json; version=3',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
            ...headers,
          },
        }, (res) => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (chunk) => { text += chunk })
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }))
        })
        req.on('error', reject)
        req.end(payload)
      })
    },
    close: () => agent.destroy(),
  }
}

/** Runs `total` calls of `fn` with `concurrency` in flight; returns each call's latency in ms. */
export async function runLoad(total: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<{ latenciesMs: number[]; seconds: number }> {
  const latenciesMs: number[] = []
  let next = 0
  const started = process.hrtime.bigint()
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++
      const t0 = process.hrtime.bigint()
      await fn(i)
      latenciesMs.push(Number(process.hrtime.bigint() - t0) / 1e6)
    }
  }))
  return { latenciesMs, seconds: Number(process.hrtime.bigint() - started) / 1e9 }
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return Math.round((sorted[index] ?? 0) * 1000) / 1000
}
