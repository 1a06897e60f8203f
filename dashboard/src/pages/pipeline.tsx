import { useEffect, useRef, useState } from 'preact/hooks'
import { api, ApiError, appPath } from '../api'
import type { Coupling, Pipeline as PipelineJson, PipelineRelease, PromotionTarget, ReleaseDiff, Stage } from '../types'
import { DiffView } from './diff-view'

const COLUMNS: [Stage, string][] = [['review', 'Review apps'], ['development', 'Development'], ['staging', 'Staging'], ['production', 'Production']]
// Heroku compat: promotion goes development → staging → production.
const NEXT: Partial<Record<Stage, Stage>> = { development: 'staging', staging: 'production' }

interface Member { coupling: Coupling; release: PipelineRelease | undefined; commit: string | null }

function PromoteDialog(props: { pipeline: PipelineJson; source: Member; targets: Member[]; stage: Stage; onClose(): void; onDone(): void }) {
  const { source, targets } = props
  const [diffs, setDiffs] = useState<(ReleaseDiff | string)[] | null>(null)
  const [state, setState] = useState<'confirm' | 'promoting' | 'done'>('confirm')
  const [outcome, setOutcome] = useState<PromotionTarget[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    void Promise.all(targets.map((t) => api<ReleaseDiff>('GET', appPath(source.coupling.app.name, `/releases/${source.release!.version}/diff?from_app=${encodeURIComponent(t.coupling.app.id)}`))
      .catch((e: Error) => e.message))).then(setDiffs)
    confirmRef.current?.focus()
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') props.onClose() }
    document.addEventListener('keydown', onKey)
    return () => document.removeEventListener('keydown', onKey)
  }, [])
  const promote = async () => {
    setState('promoting')
    try {
      const promotion = await api<{ id: string }>('POST', '/pipeline-promotions', {
        pipeline: { id: props.pipeline.id }, source: { app: { id: source.coupling.app.id } }, targets: targets.map((t) => ({ app: { id: t.coupling.app.id } })),
      })
      for (;;) {
        const listed = await api<PromotionTarget[]>('GET', `/pipeline-promotions/${promotion.id}/promotion-targets`)
        setOutcome(listed)
        if (listed.every((t) => t.status !== 'pending')) break
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
      props.onDone()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
    }
    setState('done')
  }
  const nameOf = (id: string) => targets.find((t) => t.coupling.app.id === id)?.coupling.app.name ?? id
  return (
    <div class="backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="promote-title">
        <h2 id="promote-title">Promote {source.coupling.app.name} v{source.release?.version} to {props.stage}?</h2>
        <p>Each app gets a new release with the same slug, keeping its own config vars and add-ons. What changes:</p>
        {diffs === null ? <p aria-busy="true">Comparing…</p> : targets.map((t, i) => (
          <section key={t.coupling.id} class="promote-target">
            <h3>{t.coupling.app.name} {t.release ? `(now v${t.release.version})` : ''}</h3>
            {typeof diffs[i] === 'string' ? <p class="error">{diffs[i] as string}</p> : <DiffView diff={diffs[i] as ReleaseDiff} />}
          </section>
        ))}
        {outcome && <ul class="progress" aria-live="polite">{outcome.map((t) => <li key={t.app.id}>{nameOf(t.app.id)}: {t.status}{t.error_message ? ` (${t.error_message})` : ''}</li>)}</ul>}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="actions">
          {state === 'confirm' && <button ref={confirmRef} class="primary" onClick={promote}>Promote to {props.stage}</button>}
          <button onClick={props.onClose} disabled={state === 'promoting'}>{state === 'confirm' ? 'Cancel' : 'Close'}</button>
        </div>
      </div>
    </div>
  )
}

/** A pipeline: its stages as columns, each app with the release and commit it serves, and promotion with the diff first. */
export function Pipeline({ name }: { name: string }) {
  const [pipeline, setPipeline] = useState<PipelineJson | null>(null)
  const [members, setMembers] = useState<Member[] | null>(null)
  const [promoting, setPromoting] = useState<Member | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = async () => {
    const found = await api<PipelineJson>('GET', `/pipelines/${encodeURIComponent(name)}`)
    const [couplings, releases] = await Promise.all([
      api<Coupling[]>('GET', `/pipelines/${found.id}/pipeline-couplings`),
      api<PipelineRelease[]>('GET', `/pipelines/${found.id}/latest-releases`),
    ])
    setPipeline(found)
    setMembers(await Promise.all(couplings.map(async (coupling) => {
      const release = releases.find((r) => r.app.id === coupling.app.id)
      const slug = release?.slug ? await api<{ commit: string | null }>('GET', appPath(coupling.app.name, `/slugs/${release.slug.id}`)).catch(() => null) : null
      return { coupling, release, commit: slug?.commit ?? null }
    })))
  }
  useEffect(() => { load().catch((e: Error) => setError(e.message)) }, [name])
  if (error) return <p class="error" role="alert">{error}</p>
  if (!pipeline || !members) return <p aria-busy="true">Loading pipeline…</p>
  const inStage = (stage: Stage) => members.filter((m) => m.coupling.stage === stage).sort((a, b) => a.coupling.app.name.localeCompare(b.coupling.app.name))
  return (
    <section>
      <h1><a href="#/">Apps</a> / pipeline {pipeline.name}</h1>
      <div class="stages">
        {COLUMNS.map(([stage, title]) => (
          <section key={stage} class="stage" aria-label={title}>
            <h2>{title}</h2>
            {inStage(stage).length === 0 && <p class="muted">No apps</p>}
            <ul class="cards">
              {inStage(stage).map((member) => {
                const next = NEXT[stage]
                const canPromote = next !== undefined && inStage(next).length > 0 && member.release?.slug
                return (
                  <li key={member.coupling.id} class="card">
                    <a class="title" href={`#/apps/${member.coupling.app.name}`}>{member.coupling.app.name}</a>
                    <span>{member.release ? `v${member.release.version}` : 'no release'}</span>
                    <code class="commit">{member.commit ? member.commit.slice(0, 8) : 'no commit'}</code>
                    <span class="muted">{member.release?.description}</span>
                    {canPromote && <button class="primary" onClick={() => setPromoting(member)}>Promote to {next}</button>}
                  </li>
                )
              })}
            </ul>
          </section>
        ))}
      </div>
      {promoting && (
        <PromoteDialog pipeline={pipeline} source={promoting} stage={NEXT[promoting.coupling.stage]!} targets={inStage(NEXT[promoting.coupling.stage]!)}
          onClose={() => setPromoting(null)} onDone={() => void load().catch((e: Error) => setError(e.message))} />
      )}
    </section>
  )
}
