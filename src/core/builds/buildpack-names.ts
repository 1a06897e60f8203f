// Heroku compat: the official buildpack names resolve to Berth's built-in buildpacks.
export const BUILTIN_BUILDPACKS = ['nodejs', 'python', 'procfile'] as const
export type BuiltinBuildpack = (typeof BUILTIN_BUILDPACKS)[number]

const ALIASES: Readonly<Record<string, BuiltinBuildpack>> = {
  'heroku/nodejs': 'nodejs', 'berth/nodejs': 'nodejs', nodejs: 'nodejs',
  'heroku/python': 'python', 'berth/python': 'python', python: 'python',
  'heroku/procfile': 'procfile', 'berth/procfile': 'procfile', procfile: 'procfile',
}

/** The built-in buildpack a name stands for, or null. */
export function builtinBuildpack(name: string): BuiltinBuildpack | null {
  return Object.hasOwn(ALIASES, name) ? ALIASES[name]! : null
}
