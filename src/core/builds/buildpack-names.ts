// Heroku compat: the official buildpack names resolve to Berth's built-in buildpacks.
/** The built-ins, in detection order (Heroku's: Node.js before Python before Java before Go). */
export const BUILTIN_BUILDPACKS = ['nodejs', 'python', 'java', 'go', 'static', 'procfile'] as const
export type BuiltinBuildpack = (typeof BUILTIN_BUILDPACKS)[number]

/** `heroku/<name>`, `berth/<name>` and the bare name each stand for a built-in. */
const ALIASES: ReadonlyMap<string, BuiltinBuildpack> = new Map(
  BUILTIN_BUILDPACKS.flatMap((name) => [[`heroku/${name}`, name], [`berth/${name}`, name], [name, name]] as const),
)

/** The built-in buildpack a name stands for, or null. */
export function builtinBuildpack(name: string): BuiltinBuildpack | null {
  return ALIASES.get(name) ?? null
}
