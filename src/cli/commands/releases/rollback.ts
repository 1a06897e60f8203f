import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import type { CliContext } from '../../context.js'
import { appPath } from '../../paths.js'
import type { ReleaseDiffJson, ReleaseJson } from '../../wire.js'
import { findRelease } from '../../release-lines.js'
import { fetchDiff, formatDiff } from './diff.js'

/** What a rollback leaves alone, said before the user relies on it: add-ons and data, release phases, the way back. */
function warnings(app: string, current: ReleaseJson, target: ReleaseJson, diff: ReleaseDiffJson): string[] {
  const said: string[] = []
  if (current.addon_plan_names.length > 0) {
    const plans = current.addon_plan_names
    said.push(`Add-ons are not rolled back: ${plans.join(', ')} ${plans.length === 1 ? 'stays' : 'stay'} attached, and ${plans.length === 1 ? 'its' : 'their'} data stays as it is now.`)
  }
  const phases = diff.releases.filter((r) => r.release_phase && r.status !== 'pending')
  if (phases.length > 0) {
    said.push(`Release phases ran since v${target.version} (${phases.map((r) => `v${r.version}`).join(', ')}), often database migrations; rolling back does not undo what they did.`)
  }
  said.push(`To undo this rollback: berth rollback v${current.version} -a ${app}`)
  return said
}

async function pickTarget(ctx: CliContext, app: string, ref: string | undefined, releases: ReleaseJson[], current: ReleaseJson): Promise<ReleaseJson> {
  if (ref !== undefined) return findRelease(ctx, app, ref)
  const target = releases.find((r) => r.eligible_for_rollback && r.version < current.version)
  if (!target) throw new CliError(`${app} has no earlier release to roll back to.`)
  return target
}

const command: Command = {
  summary: 'roll back to an earlier release (the previous one by default): a new release with its code and config',
  app: true,
  args: [{ name: 'release' }],
  flags: { wait: { type: 'boolean', allowNo: true, description: 'wait until the new release is live (default); --no-wait returns at once' } },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const releases = await ctx.api.get<ReleaseJson[]>(appPath(app, '/releases'), { Range: 'version ..; max=50, order=desc' })
    const current = releases.find((r) => r.current)
    if (!current) throw new CliError(`${app} has no current release.`)
    const target = await pickTarget(ctx, app, input.args[0], releases, current)
    // The releases between the target and now: whose release phases the rollback cannot undo.
    const span = await fetchDiff(ctx, app, String(target.version), String(current.version))
    const wait = input.flags.wait !== false
    const release = await ctx.action(`Rolling back ⬢ ${app} to v${target.version}`, () =>
      ctx.api.post<ReleaseJson>(appPath(app, '/releases'), { release: target.id }, wait ? undefined : { Prefer: 'respond-async' }),
    (r) => `done, v${r.version}`)
    if (release.status === 'failed') {
      throw new CliError(`v${release.version} failed to go live; v${current.version} keeps serving. See berth releases:output v${release.version} -a ${app}.`)
    }
    ctx.out(wait
      ? `v${release.version} is live: the code and config vars of v${target.version}.`
      : `v${release.version} is rolling out; berth releases -a ${app} shows when it is current.`)
    // What actually changed: the new release against the one that was serving (add-ons stay).
    const changed = await fetchDiff(ctx, app, String(release.version), String(current.version))
    for (const line of formatDiff(ctx, changed, { releases: false })) ctx.out(line)
    ctx.out()
    for (const warning of warnings(app, current, target, span)) ctx.warn(warning)
  },
}
export default command
