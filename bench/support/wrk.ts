import { spawnSync } from 'node:child_process'

/** What wrk measured: throughput, latency percentiles in ms, and answers that were not 2xx or 3xx. */
export interface WrkResult {
  req_per_s: number
  p50_ms: number | null
  p99_ms: number | null
  requests: number
  non_2xx: number
}

/** Runs wrk (at most 2 threads) against `url` with `Host: host` and any `headers`, and reads its report. */
export function wrk(url: string, host: string, connections: number, duration: string, headers: string[] = []): WrkResult {
  const args = [`-t${Math.min(2, connections)}`, `-c${connections}`, `-d${duration}`, '--latency', '-H', `Host: ${host}`, ...headers.flatMap((h) => ['-H', h]), url]
  const result = spawnSync('wrk', args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(result.stderr)
  const out = result.stdout
  const ms = (label: string) => {
    const match = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out)
    if (!match) return null
    const value = Number(match[1])
    return Math.round((match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value) * 1000) / 1000
  }
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0)
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0'
  return { req_per_s: Math.round(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0)), p50_ms: ms('50%'), p99_ms: ms('99%'), requests, non_2xx: Number(errors) }
}
