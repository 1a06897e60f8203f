import type { CliContext } from './context.js'
import type { ParsedInput } from './parsed-input.js'
import { stringFlag } from './parsed-input.js'
import { appPath } from './paths.js'
import type { BuildpackInstallationJson, ConfigVarsJson } from './wire.js'

/** The app's buildpacks, in order; empty when each build detects one. */
export async function getBuildpacks(ctx: CliContext, app: string): Promise<string[]> {
  const installed = await ctx.api.get<BuildpackInstallationJson[]>(appPath(app, '/buildpack-installations'))
  return installed.toSorted((a, b) => a.ordinal - b.ordinal).map((b) => b.buildpack.url)
}

/** Replaces the app's whole list (the API takes nothing less), then says what the next build uses, as Heroku's CLI does. */
export async function changeBuildpacks(ctx: CliContext, app: string, input: ParsedInput, buildpacks: readonly string[], action: 'added' | 'set' | 'removed' | 'cleared'): Promise<void> {
  await ctx.api.put(appPath(app, '/buildpack-installations'), { updates: buildpacks.map((buildpack) => ({ buildpack })) })
  if (buildpacks.length === 0) return reportDetection(ctx, app, action === 'cleared' ? 'Buildpacks cleared.' : `Buildpack ${action}.`)
  const push = `git push ${stringFlag(input, 'remote') ?? 'berth'} main`
  if (buildpacks.length === 1) {
    ctx.out(`Buildpack ${action}. Next release on ${app} will use ${buildpacks[0]}.`)
    ctx.out(`Run ${push} to create a new release using this buildpack.`)
    return
  }
  ctx.out(`Buildpack ${action}. Next release on ${app} will use:`)
  buildpacks.forEach((b, i) => ctx.out(`  ${i + 1}. ${b}`))
  ctx.out(`Run ${push} to create a new release using these buildpacks.`)
}

// Heroku compat: with no buildpack set, a BUILDPACK_URL config var still picks the next build's.
async function reportDetection(ctx: CliContext, app: string, done: string): Promise<void> {
  const vars = await ctx.api.get<ConfigVarsJson>(appPath(app, '/config-vars'))
  if (vars.BUILDPACK_URL === undefined) return ctx.out(`${done} Next release on ${app} will detect buildpacks normally.`)
  ctx.out(done)
  ctx.warn('The BUILDPACK_URL config var is still set and will be used for the next release')
}
