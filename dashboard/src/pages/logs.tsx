import { useEffect, useRef, useState } from 'preact/hooks'
import { api, appPath, followLogs } from '../api'
import type { Formation } from '../types'

export function Logs({ app }: { app: string }) {
  const [lines, setLines] = useState<string[]>([])
  const [types, setTypes] = useState<string[]>([])
  const [dyno, setDyno] = useState('')
  const [release, setRelease] = useState('')
  const [error, setError] = useState<string | null>(null)
  const end = useRef<HTMLLIElement>(null)
  useEffect(() => { void api<Formation[]>('GET', appPath(app, '/formation')).then((f) => setTypes(f.map((e) => e.type))) }, [app])
  useEffect(() => {
    setLines([])
    setError(null)
    let close = () => {}
    let cancelled = false
    followLogs(app, { lines: 200, ...(dyno ? { dyno } : {}), ...(release ? { release } : {}) }, (line) => setLines((l) => [...l.slice(-999), line]))
      .then((c) => { if (cancelled) c(); else close = c }, (e: Error) => setError(e.message))
    return () => { cancelled = true; close() }
  }, [app, dyno, release])
  useEffect(() => end.current?.scrollIntoView({ block: 'end' }), [lines])
  return (
    <section aria-label="Logs">
      <form class="inline" onSubmit={(e) => e.preventDefault()} aria-label="Filter logs">
        <label>Process type
          <select value={dyno} onChange={(e) => setDyno((e.target as HTMLSelectElement).value)}>
            <option value="">all</option>
            {['router', 'api', ...types].map((t) => <option key={t} value={t}>{t}</option>)}
          </select>
        </label>
        <label>Release <input value={release} placeholder="v42" onChange={(e) => setRelease((e.target as HTMLInputElement).value.trim())} /></label>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      <ol class="log" aria-live="polite" aria-label="Log lines">
        {lines.map((line, i) => <li key={i}>{line}</li>)}
        <li ref={end} class="muted">{lines.length === 0 ? 'Waiting for log lines…' : 'following…'}</li>
      </ol>
    </section>
  )
}
