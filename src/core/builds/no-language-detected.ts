/**
 * The failure of a build no built-in buildpack detected. Each built-in's one-line description
 * (`buildpacks/<name>/description`, e.g. `package.json (Node.js)`) says what it looks for, so a
 * new built-in appears here without a change to this message.
 */
export function noLanguageDetectedMessage(descriptions: readonly string[]): string {
  const looked = descriptions.length <= 1
    ? descriptions.join('')
    : `${descriptions.slice(0, -1).join(', ')} and ${descriptions.at(-1)!}`
  return `No default language could be detected for this app. Berth looked for ${looked}. `
    + 'Add one of them, or set a buildpack with `heroku buildpacks:set <name or url>`.'
}
