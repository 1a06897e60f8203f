import { type Command } from '../../command.js'
import { CliError } from '../../cli-error.js'
import { appPath } from '../../paths.js'
import { findRelease, printReleaseOutput } from '../../release-lines.js'
import type { FormationJson, ReleaseJson } from '../../wire.js'

const command: Command = {
  summary: 'run the newest release again as a new release (its release phase included)',
  app: true,
  async run(ctx, input) {
    const app = await ctx.app(input)
    const latest = await findRelease(ctx, app)
    if (!latest.slug) throw new CliError(`The newest release of ${app} has no slug to release again.`)
    const formation = await ctx.api.get<FormationJson[]>(appPath(app, '/formation'))
    if (!formation.some((f) => f.type === 'release')) throw new CliError(`${app} has no release phase to retry (no release process in its Procfile).`)
    const retried = await ctx.action(`Retrying v${latest.version} on ⬢ ${app}`, () =>
      ctx.api.post<ReleaseJson>(appPath(app, '/releases'), { slug: latest.slug!.id, description: `Retry of v${latest.version}: ${latest.description}` }),
    (r) => `done, v${r.version}`)
    ctx.out('Running release command...')
    await printReleaseOutput(ctx, retried)
    if (retried.status === 'failed') throw new CliError(`Release v${retried.version} failed; the current release keeps serving.`)
  },
}
export default command
