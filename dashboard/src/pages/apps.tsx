import { useEffect, useState } from 'preact/hooks'
import { api, appPath } from '../api'
import type { App, Dyno, Pipeline, Release } from '../types'

interface Row { app: App; current: Release | undefined; state: string }

function stateOf(releases: Release[], dynos: Dyno[]): string {
  if (releases[0]?.status === 'pending') return 'deploying'
  if (dynos.some((d) => d.state === 'crashed')) return 'crashed'
  if (dynos.some((d) => d.state === 'up')) return 'up'
  if (dynos.some((d) => d.state === 'starting')) return 'starting'
  return 'no dynos'
}

export function Apps() {
  const [rows, setRows] = useState<Row[] | null>(null)
  const [pipelines, setPipelines] = useState<Pipeline[]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    api<Pipeline[]>('GET', '/pipelines').then(setPipelines, () => setPipelines([]))
    void (async () => {
      const apps = await api<App[]>('GET', '/apps')
      setRows(await Promise.all(apps.map(async (app) => {
        const [releases, dynos] = await Promise.all([
          api<Release[]>('GET', appPath(app.name, '/releases'), undefined, { Range: 'version ..; max=10, order=desc' }),
          api<Dyno[]>('GET', appPath(app.name, '/dynos')),
        ])
        return { app, current: releases.find((r) => r.current), state: stateOf(releases, dynos) }
      })))
    })().catch((e: Error) => setError(e.message))
  }, [])
  if (error) return <p class="error" role="alert">{error}</p>
  if (rows === null) return <p aria-busy="true">Loading apps…</p>
  if (rows.length === 0) return <p class="empty">No apps yet. Create one with <code>berth apps:create</code> or <code>heroku apps:create</code>.</p>
  return (
    <section>
      {pipelines.length > 0 && (
        <nav aria-label="Pipelines">
          <h1>Pipelines</h1>
          <ul class="pipelines">{pipelines.map((p) => <li key={p.id}><a href={`#/pipelines/${p.name}`}>{p.name}</a></li>)}</ul>
        </nav>
      )}
      <h1>Apps</h1>
      <ul class="cards">
        {rows.map(({ app, current, state }) => (
          <li key={app.id} class="card">
            <a class="title" href={`#/apps/${app.name}`}>{app.name}</a>
            <span class={`badge ${state.replace(' ', '-')}`}>{state}</span>
            <span>{current ? `v${current.version}` : 'no release'}</span>
            <a href={app.web_url} rel="noreferrer">{app.web_url}</a>
          </li>
        ))}
      </ul>
    </section>
  )
}
