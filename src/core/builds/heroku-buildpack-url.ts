import { BUILTIN_BUILDPACKS, builtinBuildpack } from './buildpack-names.js'

// Heroku compat: where Heroku's own buildpacks are published, by URL (git repositories and the
// tarballs the CLI's registry and older apps name).
const HEROKU_URLS = [
  /^https?:\/\/github\.com\/heroku\/heroku-buildpack-([a-z0-9-]+?)(?:\.git)?(?:#.*)?$/,
  /^https?:\/\/(?:codon|buildpack-registry)-buildpacks\.s3\.amazonaws\.com\/buildpacks\/heroku\/([a-z0-9-]+)\.tgz$/,
  /^https?:\/\/buildpack-registry\.s3\.amazonaws\.com\/buildpacks\/heroku\/([a-z0-9-]+)\.tgz$/,
]

/**
 * What to tell a user whose Heroku buildpack URL could not be fetched: the built-in that stands
 * for it (`heroku/python`), or the built-ins there are. Null for URLs that are not Heroku's.
 */
export function herokuBuildpackHint(url: string): string | null {
  const language = HEROKU_URLS.map((pattern) => pattern.exec(url)?.[1]).find((name) => name !== undefined)
  if (language === undefined) return null
  const name = `heroku/${language}`
  if (builtinBuildpack(name) !== null) return `Berth has this buildpack built in: use ${name} (\`heroku buildpacks:set ${name}\`).`
  return `Berth has no built-in ${name}; its built-in buildpacks are ${BUILTIN_BUILDPACKS.map((b) => `heroku/${b}`).join(', ')}.`
}
