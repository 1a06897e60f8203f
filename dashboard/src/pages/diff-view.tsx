import type { ReleaseDiff } from '../types'

/** What a diff changes: commits, config keys (names only), add-ons, process types. */
export function DiffView({ diff }: { diff: ReleaseDiff }) {
  const { config_vars: cv, addons, process_types: pt, commits } = diff
  const items: [string, string[]][] = [
    [`Code (${commits.direction === 'forward' ? 'adds' : 'takes away'} ${commits.log.length} commit${commits.log.length === 1 ? '' : 's'})`, commits.log.map((c) => `${c.sha.slice(0, 8)} ${c.subject}`)],
    ['Config vars', [...cv.added.map((e) => `+ ${e.key}`), ...cv.removed.map((e) => `− ${e.key}`), ...cv.changed.map((e) => `~ ${e.key}`)]],
    ['Add-ons', [...addons.added.map((p) => `+ ${p}`), ...addons.removed.map((p) => `− ${p}`)]],
    ['Process types', [...pt.added.map((t) => `+ ${t}`), ...pt.removed.map((t) => `− ${t}`), ...pt.changed.map((t) => `~ ${t}`)]],
  ]
  const shown = items.filter(([title, lines]) => lines.length > 0 || (title.startsWith('Code') && diff.from.commit !== diff.to.commit))
  if (shown.length === 0) return <p class="muted">No differences in code, config vars, add-ons or process types.</p>
  return (
    <dl class="diff">
      {shown.map(([title, lines]) => (
        <div key={title}><dt>{title}</dt>{lines.map((line) => <dd key={line}><code>{line}</code></dd>)}</div>
      ))}
    </dl>
  )
}
