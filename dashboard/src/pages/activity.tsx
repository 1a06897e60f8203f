import { useEffect, useRef, useState } from 'preact/hooks'
import { api, ApiError, appPath, followLogs } from '../api'
import { ago, when } from '../time'
import type { Release, ReleaseDiff } from '../types'
import { DiffView } from './diff-view'
import { HealthView } from './health-view'

/** Releases Berth's release-health watch made (ADR 0014). */
const AUTO_ROLLBACK = 'auto-rollback@berth.local'

function ineligibility(release: Release): string {
  if (release.current) return 'This release is serving now.'
  if (release.version <= 2) return "v1 and v2 are the app's setup."
  if (release.status === 'failed') return 'This release failed: there is nothing to roll back to.'
  if (release.status === 'pending') return 'This release is still being released.'
  if (release.status === 'expired') return 'Its slug has expired.'
  return 'It would remove the deployed code (it predates the first deploy).'
}

function RollbackDialog(props: { app: string; target: Release; current: Release; onClose(): void; onDone(): void }) {
  const [diff, setDiff] = useState<ReleaseDiff | null>(null)
  const [progress, setProgress] = useState<string[]>([])
  const [state, setState] = useState<'confirm' | 'rolling' | 'done' | 'failed'>('confirm')
  const [error, setError] = useState<string | null>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    void api<ReleaseDiff>('GET', appPath(props.app, `/releases/${props.target.version}/diff?from=${props.current.version}`)).then(setDiff)
    confirmRef.current?.focus()
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && state === 'confirm') props.onClose() }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  const rollBack = async () => {
    setState('rolling')
    let stop = () => {}
    try {
      const created = await api<Release>('POST', appPath(props.app, '/releases'), { release: props.target.id }, { Prefer: 'respond-async' })
      setProgress([`v${created.version} created: Rollback to v${props.target.version}`])
      // Follow the rollout live: each line it logs re-reads the release until it is live or failed.
      let settled = false
      const settle = async () => {
        const release = await api<Release>('GET', appPath(props.app, `/releases/${created.version}`))
        if (!settled && (release.current || release.status === 'failed')) {
          settled = true
          stop()
          setState(release.current ? 'done' : 'failed')
          setProgress((p) => [...p, release.current ? `v${release.version} is live.` : `v${release.version} failed; v${props.current.version} keeps serving.`])
          props.onDone()
        }
      }
      const closeLogs = await followLogs(props.app, { lines: 0, source: 'heroku' }, (line) => {
        setProgress((p) => [...p.slice(-12), line.replace(/^\S+ /, '')])
        void settle()
      })
      // The log lines drive it; a slow check every 5 s covers a rollout that logs nothing more.
      const timer = setInterval(() => void settle(), 5000)
      stop = () => { closeLogs(); clearInterval(timer) }
      await settle()
    } catch (e) {
      stop()
      setState('failed')
      setError(e instanceof ApiError ? e.message : String(e))
    }
  }
  const phases = diff?.releases.filter((r) => r.release_phase) ?? []
  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="rollback-title">
        <h2 id="rollback-title">Roll back {props.app} to v{props.target.version}?</h2>
        <p>A new release will copy the code and config vars of v{props.target.version}. What changes:</p>
        {diff ? <DiffView diff={diff} /> : <p aria-busy="true">Comparing…</p>}
        <ul class="warnings">
          {props.current.addon_plan_names.length > 0 && <li>Add-ons are not rolled back: {props.current.addon_plan_names.join(', ')} stay attached, with their data as it is now.</li>}
          {phases.length > 0 && <li>Release phases ran since v{props.target.version} ({phases.map((r) => `v${r.version}`).join(', ')}), often database migrations; rolling back does not undo them.</li>}
          <li>To undo, roll back to v{props.current.version}.</li>
        </ul>
        {progress.length > 0 && <ol class="progress" aria-live="polite">{progress.map((line, i) => <li key={i}>{line}</li>)}</ol>}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          {state === 'confirm' && <button ref={confirmRef} class="danger" onClick={rollBack}>Roll back to v{props.target.version}</button>}
          <button onClick={props.onClose} disabled={state === 'rolling'}>{state === 'confirm' ? 'Cancel' : 'Close'}</button>
        </div>
      </div>
    </div>
  )
}

export function Activity({ app }: { app: string }) {
  const [releases, setReleases] = useState<Release[] | null>(null)
  const [target, setTarget] = useState<Release | null>(null)
  const [open, setOpen] = useState<number | null>(null)
  const [diff, setDiff] = useState<ReleaseDiff | null>(null)
  const [health, setHealth] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = () => api<Release[]>('GET', appPath(app, '/releases'), undefined, { Range: 'version ..; max=50, order=desc' })
    .then(setReleases, (e: Error) => setError(e.message))
  useEffect(() => { void load() }, [app])
  const toggleDiff = async (version: number) => {
    if (open === version) return setOpen(null)
    setOpen(version)
    setDiff(null)
    setDiff(await api<ReleaseDiff>('GET', appPath(app, `/releases/${version}/diff`)))
  }
  if (error) return <p class="error" role="alert">{error}</p>
  if (releases === null) return <p aria-busy="true">Loading releases…</p>
  if (releases.length <= 2 && !releases.some((r) => r.slug)) {
    return <p class="empty">No deploys yet — push with <code>git push berth main</code>.</p>
  }
  const current = releases.find((r) => r.current)
  return (
    <section aria-label="Activity">
      <ol class="releases">
        {releases.map((r) => (
          <li key={r.id} class={`release${r.current ? ' current' : ''}${r.user.email === AUTO_ROLLBACK ? ' auto-rollback' : ''}`} data-version={r.version}>
            <div class="line">
              <strong>v{r.version}</strong>
              <span class="description">{r.description}</span>
              {r.user.email === AUTO_ROLLBACK && <span class="badge auto-rollback">auto-rollback</span>}
              {r.current && <span class="badge current">current</span>}
              {r.status !== 'succeeded' && <span class={`badge ${r.status}`}>{r.status}</span>}
            </div>
            <div class="meta">{r.user.email} · <time dateTime={r.created_at} title={when(r.created_at)}>{ago(r.created_at)}</time></div>
            <div class="buttons">
              {r.version > 1 && <button class="link" aria-expanded={open === r.version} onClick={() => toggleDiff(r.version)}>{open === r.version ? 'Hide changes' : 'Changes'}</button>}
              {r.slug && <button class="link" aria-expanded={health === r.version} onClick={() => setHealth(health === r.version ? null : r.version)}>{health === r.version ? 'Hide health' : 'Health'}</button>}
              {r.eligible_for_rollback && !r.current && current
                ? <button onClick={() => setTarget(r)}>Roll back to here</button>
                : <span class="muted" title={ineligibility(r)} aria-label={`Cannot roll back: ${ineligibility(r)}`}>{r.current ? '' : 'not eligible'}</span>}
            </div>
            {open === r.version && (diff ? <DiffView diff={diff} /> : <p aria-busy="true">Comparing…</p>)}
            {health === r.version && <HealthView app={app} version={r.version} />}
          </li>
        ))}
      </ol>
      {target && current && <RollbackDialog app={app} target={target} current={current} onClose={() => setTarget(null)} onDone={() => void load()} />}
    </section>
  )
}
