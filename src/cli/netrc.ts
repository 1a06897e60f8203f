import { readFile, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export interface NetrcEntry {
  machine: string
  login?: string
  password?: string
}

/** Reads the `machine … login … password …` entries of a .netrc (other tokens are kept as they are by `setNetrcEntry`). */
export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = text.replace(/#.*$/gm, '').split(/\s+/).filter(Boolean)
  const entries: NetrcEntry[] = []
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]
    if (token === 'machine') entries.push({ machine: tokens[++i] ?? '' })
    else if (token === 'default') entries.push({ machine: '' })
    else if ((token === 'login' || token === 'password') && entries.length > 0) entries.at(-1)![token] = tokens[++i]
  }
  return entries
}

/** The text with `machine`'s entry replaced (or removed, with null), other entries untouched. */
export function setNetrcEntry(text: string, machine: string, entry: { login: string; password: string } | null): string {
  const blocks = text.split(/(?=^\s*machine\s)/m).filter((b) => b.trim() !== '')
  const kept = blocks.filter((block) => parseNetrc(block)[0]?.machine !== machine).map((b) => b.trimEnd())
  if (entry) kept.push(`machine ${machine}\n  login ${entry.login}\n  password ${entry.password}`)
  return kept.length === 0 ? '' : `${kept.join('\n')}\n`
}

export function netrcPath(env: NodeJS.ProcessEnv): string {
  return join(env.HOME ?? homedir(), '.netrc')
}

export async function readNetrc(env: NodeJS.ProcessEnv): Promise<string> {
  return readFile(netrcPath(env), 'utf8').catch(() => '')
}

/** Writes ~/.netrc readable by its owner only, as git and curl expect. */
export async function writeNetrc(env: NodeJS.ProcessEnv, text: string): Promise<void> {
  await writeFile(netrcPath(env), text, { mode: 0o600 })
}
