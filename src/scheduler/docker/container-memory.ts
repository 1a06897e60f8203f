import { readFileSync } from 'node:fs'

/**
 * A container's resident memory, read from the memory cgroup the engine put its first process in
 * (`/proc/<pid>/cgroup`): `total_rss` on cgroup v1, `anon` on v2. Page cache does not count, as it
 * does not on Heroku. Returns a reader; it answers null once the cgroup is gone.
 */
export function containerMemory(pid: number, base = '/sys/fs/cgroup'): () => number | null {
  // A container whose process has already ended (a dyno crashing at start) has no memory to read.
  let lines: string[]
  try {
    lines = readFileSync(`/proc/${pid}/cgroup`, 'utf8').split('\n')
  } catch {
    return () => null
  }
  const v1 = lines.map((line) => /^\d+:(?:[\w,]*,)?memory(?:,[\w,]*)?:(\/.*)$/.exec(line)?.[1]).find(Boolean)
  const v2 = lines.map((line) => /^0::(\/.*)$/.exec(line)?.[1]).find(Boolean)
  const [file, key] = v1 ? [`${base}/memory${v1}/memory.stat`, 'total_rss'] : v2 ? [`${base}${v2}/memory.stat`, 'anon'] : [null, '']
  return () => {
    if (!file) return null
    try {
      const value = new RegExp(`^${key} (\\d+)$`, 'm').exec(readFileSync(file, 'utf8'))?.[1]
      return value === undefined ? null : Number(value)
    } catch {
      return null
    }
  }
}
