export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * The `.profile.d` script that gives dynos the config vars buildpacks declared in `bin/release`,
 * as defaults: a variable the app sets (even to '') keeps its value. Names that are not shell
 * variable names are left out. Null when there is nothing to set.
 */
export function configVarsProfileScript(configVars: Readonly<Record<string, string>>): string | null {
  const lines = Object.entries(configVars)
    .filter(([name]) => ENV_NAME.test(name))
    .map(([name, value]) => `[ -z "\${${name}+set}" ] && export ${name}=${shellQuote(value)}`)
  return lines.length === 0 ? null : `# Written by Berth: config vars from the buildpacks' bin/release.\n${lines.join('\n')}\ntrue\n`
}

/** One single-quoted shell word, whatever the value holds. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`
}
