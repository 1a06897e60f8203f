import { useEffect, useState } from 'preact/hooks'
import { api, ApiError, appPath } from '../api'
import type { Addon } from '../types'

interface Service { name: string; human_name: string }
interface Plan { name: string; description: string; default: boolean }

export function Addons({ app }: { app: string }) {
  const [addons, setAddons] = useState<Addon[] | null>(null)
  const [plans, setPlans] = useState<{ service: Service; plan: Plan }[]>([])
  const [doomed, setDoomed] = useState<Addon | null>(null)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const load = () => api<Addon[]>('GET', appPath(app, '/addons')).then(setAddons)
  useEffect(() => {
    void load()
    void (async () => {
      const services = await api<Service[]>('GET', '/addon-services')
      const all = await Promise.all(services.map(async (service) => (await api<Plan[]>('GET', `/addon-services/${service.name}/plans`)).map((plan) => ({ service, plan }))))
      setPlans(all.flat())
    })()
  }, [app])
  const act = async (work: () => Promise<unknown>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
      await load()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    } finally {
      setBusy(false)
    }
  }
  const create = (event: Event) => {
    event.preventDefault()
    const data = new FormData(event.target as HTMLFormElement)
    const as = String(data.get('as') ?? '').trim()
    void act(() => api('POST', appPath(app, '/addons'), { plan: { name: String(data.get('plan')) }, attachment: as ? { name: as } : {} }))
  }
  if (addons === null) return <p aria-busy="true">Loading add-ons…</p>
  return (
    <section aria-label="Add-ons">
      {error && <p class="error" role="alert">{error}</p>}
      {addons.length === 0 ? <p class="empty">No add-ons yet.</p> : (
        <ul class="cards">
          {addons.map((a) => (
            <li key={a.id} class="card">
              <span class="title">{a.name}</span>
              <span>{a.plan.name}</span>
              <span class="badge">{a.state === 'provisioned' ? 'created' : a.state}</span>
              <span class="muted">{a.config_vars.join(', ')}</span>
              <button class="danger" onClick={() => { setDoomed(a); setTyped('') }}>Destroy…</button>
            </li>
          ))}
        </ul>
      )}
      <form class="inline" onSubmit={create} aria-label="Create an add-on">
        <label>Service and plan
          <select name="plan">{plans.map(({ service, plan }) => <option key={plan.name} value={plan.name}>{service.human_name} — {plan.name.split(':')[1]}: {plan.description}</option>)}</select>
        </label>
        <label>Attach as (optional) <input name="as" placeholder="DATABASE" autocomplete="off" /></label>
        <button type="submit" disabled={busy}>{busy ? 'Working…' : 'Create'}</button>
      </form>
      {doomed && (
        <div class="backdrop">
          <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="destroy-title"
            onSubmit={(e) => { e.preventDefault(); void act(() => api('DELETE', appPath(app, `/addons/${doomed.id}`), { confirm: app })).then(() => setDoomed(null)) }}>
            <h2 id="destroy-title">Destroy {doomed.name}?</h2>
            <p>Its data is deleted and {doomed.config_vars.join(', ')} leave {app} in a new release. This cannot be undone, and a rollback will not bring it back.</p>
            <label>Type <code>{app}</code> to confirm <input value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} autocomplete="off" /></label>
            <div class="actions">
              <button type="submit" class="danger" disabled={typed !== app || busy}>Destroy</button>
              <button type="button" onClick={() => setDoomed(null)}>Cancel</button>
            </div>
          </form>
        </div>
      )}
    </section>
  )
}
