import { CliError } from './cli-error.js'

// Heroku compat: the official CLI's buildpacks:add, set and remove change the app's list as these do,
// with its messages; the whole new list is then PUT back (see buildpack-change.ts).

/** `--index N`, 1-based as Heroku's; undefined without the flag. */
export function parseBuildpackIndex(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\s*\d+\s*$/.test(value) || Number(value) < 1) throw new CliError('Invalid index. Must be greater than 0.')
  return Number(value)
}

/** `buildpacks:add`: before the Nth buildpack, or last without an index or with one past the end. */
export function addBuildpack(current: readonly string[], buildpack: string, index?: number): string[] {
  refuseDuplicate(current, buildpack)
  const at = index === undefined ? current.length : Math.min(index - 1, current.length)
  return current.toSpliced(at, 0, buildpack)
}

/** `buildpacks:set`: in place of the Nth buildpack (the first without an index), or last with one past the end. */
export function setBuildpack(current: readonly string[], buildpack: string, index?: number): string[] {
  refuseDuplicate(current, buildpack)
  const at = index === undefined ? 0 : Math.min(index - 1, current.length)
  return current.toSpliced(at, 1, buildpack)
}

/** `buildpacks:remove`: the one named, or the Nth; refuses when that is not in the list. */
export function removeBuildpack(app: string, current: readonly string[], target: { buildpack?: string; index?: number }): string[] {
  if (target.buildpack !== undefined && target.index !== undefined) throw new CliError('Please choose either index or Buildpack, but not both.')
  if (target.buildpack === undefined && target.index === undefined) {
    throw new CliError('Usage: berth buildpacks:remove [BUILDPACK]. Must specify a buildpack to remove, either by index or URL.')
  }
  if (current.length === 0) throw new CliError(`No buildpacks were found. Next release on ${app} will detect buildpack normally.`)
  if (target.index !== undefined && target.index > current.length) {
    throw new CliError(current.length === 1 ? 'Invalid index. Only valid value is 1.' : `Invalid index. Please choose a value between 1 and ${current.length}`)
  }
  const at = target.index === undefined ? current.indexOf(target.buildpack!) : target.index - 1
  if (at === -1) throw new CliError('Buildpack not found. Nothing was removed.')
  return current.toSpliced(at, 1)
}

function refuseDuplicate(current: readonly string[], buildpack: string): void {
  if (current.includes(buildpack)) throw new CliError(`The buildpack ${buildpack} is already set on your app.`)
}
