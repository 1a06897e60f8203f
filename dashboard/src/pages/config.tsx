import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, appPath } from '../api'
import type { Release } from '../types'

export function Config({ app }: { app: string }) {
  const [vars, setVars] = useState<Record<string, string> | null>(null)
  const [shown, setShown] = useState<Set<string>>(new Set())
  const [editing, setEditing] = useState<string | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = () => api<Record<string, string>>('GET', appPath(app, '/config-vars')).then(setVars)
  useEffect(() => { void load() }, [app])

  // Each save is one PATCH, so one release; say which.
  const save = async (patch: Record<string, string | null>) => {
    setError(null)
    try {
      setVars(await api<Record<string, string>>('PATCH', appPath(app, '/config-vars'), patch))
      const [latest] = await api<Release[]>('GET', appPath(app, '/releases'), undefined, { Range: 'version ..; max=1, order=desc' })
      setMessage(`Saved as v${latest?.version}: ${latest?.description}`)
      setEditing(null)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    }
  }
  const add = (event: Event) => {
    event.preventDefault()
    const form = event.target as HTMLFormElement
    const data = new FormData(form)
    void save({ [String(data.get('key'))]: String(data.get('value')) }).then(() => form.reset())
  }
  const toggle = (key: string) => setShown((s) => { const next = new Set(s); if (next.has(key)) next.delete(key); else next.add(key); return next })
  if (vars === null) return <p aria-busy="true">Loading config vars…</p>
  const keys = Object.keys(vars).sort()
  return (
    <section aria-label="Config vars">
      {message && <p class="notice" role="status">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {keys.length === 0 && <p class="empty">No config vars yet.</p>}
      <table class="config">
        <tbody>
          {keys.map((key) => (
            <tr key={key}>
              <th scope="row"><code>{key}</code></th>
              <td>
                {editing === key ? (
                  <form onSubmit={(e) => { e.preventDefault(); void save({ [key]: String(new FormData(e.target as HTMLFormElement).get('value')) }) }}>
                    <label class="sr-only" for={`edit-${key}`}>New value of {key}</label>
                    <input id={`edit-${key}`} name="value" value={vars[key]} />
                    <button type="submit">Save</button>
                    <button type="button" onClick={() => setEditing(null)}>Cancel</button>
                  </form>
                ) : (
                  <code class="value">{shown.has(key) ? vars[key] : '••••••••'}</code>
                )}
              </td>
              <td class="buttons">
                <button class="link" onClick={() => toggle(key)} aria-label={`${shown.has(key) ? 'Hide' : 'Reveal'} ${key}`}>{shown.has(key) ? 'Hide' : 'Reveal'}</button>
                <button class="link" onClick={() => setEditing(key)} aria-label={`Edit ${key}`}>Edit</button>
                <button class="link danger" onClick={() => { if (confirm(`Remove ${key}? This makes a new release.`)) void save({ [key]: null }) }} aria-label={`Remove ${key}`}>Remove</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form class="inline" onSubmit={add} aria-label="Add a config var">
        <label>Key <input name="key" required pattern="[A-Za-z_][A-Za-z0-9_]*" autocomplete="off" /></label>
        <label>Value <input name="value" autocomplete="off" /></label>
        <button type="submit">Add</button>
      </form>
    </section>
  )
}
