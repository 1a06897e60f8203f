import { JSON_FLAG, type Command } from '../../command.js'
import type { CliContext } from '../../context.js'
import { absoluteTime, header, table } from '../../format.js'
import { appPath } from '../../paths.js'
import type { ReleaseDiffJson, ReleaseSummaryJson } from '../../wire.js'

/** Fetches what changes from `from` (default: the release before) to `to`; either may be newer. */
export function fetchDiff(ctx: CliContext, app: string, to: string, from?: string, showValues = false): Promise<ReleaseDiffJson> {
  const query = new URLSearchParams({ ...(from === undefined ? {} : { from }), ...(showValues ? { show_values: 'true' } : {}) })
  return ctx.api.get<ReleaseDiffJson>(appPath(app, `/releases/${encodeURIComponent(to)}/diff?${query}`))
}

function row(release: ReleaseSummaryJson): string[] {
  return [`v${release.version}`, release.description, release.user.email, absoluteTime(release.created_at)]
}

/** The diff as text: commits, config keys (values only when shown), add-ons, process types, and the releases spanned unless left out. */
export function formatDiff(ctx: CliContext, diff: ReleaseDiffJson, options: { releases?: boolean } = {}): string[] {
  const { green, red, yellow } = ctx.style
  const lines: string[] = []
  const section = (title: string, entries: string[]) => {
    if (entries.length > 0) lines.push('', `${title}:`, ...entries.map((e) => `  ${e}`))
  }
  const { from, to } = diff
  const short = (sha?: string | null) => (sha ? sha.slice(0, 8) : 'none')
  const verb = diff.commits.direction === 'forward' ? 'adds' : 'takes away'
  if (from.commit !== to.commit) {
    section(`Code ${short(from.commit)} → ${short(to.commit)} (${verb} ${diff.commits.log.length} commit${diff.commits.log.length === 1 ? '' : 's'})`,
      diff.commits.log.map((c) => `${c.sha.slice(0, 8)} ${c.subject}`))
    if (diff.commits.log.length === 0) lines.push(`  ${to.commit ? `now ${short(to.commit)}` : 'no code'}`)
  }
  const cv = diff.config_vars
  section('Config vars', [
    ...cv.added.map((e) => green(`+ ${e.key}${'value' in e ? `=${e.value}` : ''}`)),
    ...cv.removed.map((e) => red(`- ${e.key}${'value' in e ? `=${e.value}` : ''}`)),
    ...cv.changed.map((e) => yellow(`~ ${e.key}${'from' in e ? `: ${e.from} → ${e.to}` : ''}`)),
  ])
  section('Add-ons', [...diff.addons.added.map((p) => green(`+ ${p}`)), ...diff.addons.removed.map((p) => red(`- ${p}`))])
  const pt = diff.process_types
  section('Process types', [...pt.added.map((t) => green(`+ ${t}`)), ...pt.removed.map((t) => red(`- ${t}`)), ...pt.changed.map((t) => yellow(`~ ${t}`))])
  if (options.releases !== false && diff.releases.length > 0) lines.push('', diff.from.version <= diff.to.version ? 'Releases:' : 'Releases undone:', ...table(diff.releases.map(row)).split('\n').map((l) => `  ${l}`))
  if (lines.length === 0) lines.push('', 'No differences in code, config vars, add-ons or process types.')
  return lines
}

const command: Command = {
  summary: 'show what changes between two releases: commits, config keys, add-ons, process types, who and when',
  app: true,
  args: [{ name: 'from', required: true }, { name: 'to' }],
  flags: { 'show-values': { type: 'boolean', description: 'show config var values, not only their names' }, ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    // One release: against the one before it. Two: from the first to the second.
    const [first, second] = input.args
    const diff = second === undefined
      ? await fetchDiff(ctx, app, first!, undefined, Boolean(input.flags['show-values']))
      : await fetchDiff(ctx, app, second, first, Boolean(input.flags['show-values']))
    if (input.flags.json) return ctx.json(diff)
    ctx.out(header(`${app}: v${diff.from.version} → v${diff.to.version}`))
    ctx.out()
    ctx.out(table([['From:', ...row(diff.from)], ['To:', ...row(diff.to)]]))
    for (const line of formatDiff(ctx, diff)) ctx.out(line)
  },
}
export default command
