import type { BuildpackRelease } from './parse-buildpack-release.js'

/**
 * Heroku compat: with several buildpacks, each `bin/release` is read in order and a later
 * buildpack's process types and config vars replace an earlier one's of the same name.
 */
export function mergeBuildpackReleases(releases: readonly BuildpackRelease[]): BuildpackRelease {
  const merged: BuildpackRelease = { processTypes: {}, configVars: {} }
  for (const release of releases) {
    Object.assign(merged.processTypes, release.processTypes)
    Object.assign(merged.configVars, release.configVars)
  }
  return merged
}
