import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, appPath } from '../api'
import { ago } from '../time'
import type { Dyno, Formation } from '../types'

export function Resources({ app }: { app: string }) {
  const [formation, setFormation] = useState<Formation[] | null>(null)
  const [dynos, setDynos] = useState<Dyno[]>([])
  const [error, setError] = useState<string | null>(null)
  const load = async () => {
    const [f, d] = await Promise.all([api<Formation[]>('GET', appPath(app, '/formation')), api<Dyno[]>('GET', appPath(app, '/dynos'))])
    setFormation(f)
    setDynos(d.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true })))
  }
  useEffect(() => {
    void load()
    const timer = setInterval(() => void load(), 5000)
    return () => clearInterval(timer)
  }, [app])
  const act = async (work: Promise<unknown>) => {
    setError(null)
    try {
      await work
      await load()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    }
  }
  const scale = (event: Event, type: string) => {
    event.preventDefault()
    const quantity = Number(new FormData(event.target as HTMLFormElement).get('quantity'))
    void act(api('PATCH', appPath(app, '/formation'), { updates: [{ type, quantity }] }))
  }
  if (formation === null) return <p aria-busy="true">Loading dynos…</p>
  const types = formation.filter((f) => f.type !== 'release')
  if (types.length === 0) return <p class="empty">No process types yet — push with <code>git push berth main</code>.</p>
  return (
    <section aria-label="Resources">
      {error && <p class="error" role="alert">{error}</p>}
      <h2>Formation</h2>
      <ul class="formation">
        {types.map((f) => (
          <li key={f.type}>
            <form class="inline" onSubmit={(e) => scale(e, f.type)}>
              <label><code>{f.type}</code> <span class="muted">{f.command}</span>
                <input type="number" name="quantity" min={0} max={100} value={f.quantity} aria-label={`${f.type} dynos`} />
              </label>
              <button type="submit">Scale</button>
            </form>
          </li>
        ))}
      </ul>
      <h2>Dynos <button class="link" onClick={() => void act(api('DELETE', appPath(app, '/dynos')))}>Restart all</button></h2>
      {dynos.length === 0 ? <p class="empty">No dynos are running.</p> : (
        <table class="dynos">
          <thead><tr><th scope="col">Dyno</th><th scope="col">State</th><th scope="col">Since</th><th scope="col">Release</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {dynos.map((d) => (
              <tr key={d.name} data-dyno={d.name}>
                <td><code>{d.name}</code></td>
                <td><span class={`badge ${d.state}`}>{d.state}</span></td>
                <td>{ago(d.updated_at)}</td>
                <td>v{d.release.version}</td>
                <td><button class="link" onClick={() => void act(api('DELETE', appPath(app, `/dynos/${d.name}`)))} aria-label={`Restart ${d.name}`}>Restart</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
