import type { ProcessTypes } from '../procfile/parse-procfile.js'

/** What a classic buildpack's `bin/release` declares. */
export interface BuildpackRelease {
  processTypes: ProcessTypes
  /** Defaults for dynos' environment; the app's own config vars win over them. */
  configVars: Record<string, string>
}

const SECTIONS = { default_process_types: 'processTypes', config_vars: 'configVars' } as const
type Section = (typeof SECTIONS)[keyof typeof SECTIONS]

/**
 * Reads `bin/release` output: the YAML Heroku's buildpacks print (a flat map under
 * `default_process_types:` and `config_vars:`; other keys such as `addons` are ignored), or the
 * same as JSON. Keys become own properties, `__proto__` included.
 */
export function parseBuildpackRelease(text: string): BuildpackRelease {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) return fromJson(trimmed)
  const found: Record<Section, Map<string, string>> = { processTypes: new Map(), configVars: new Map() }
  let section: Section | null = null
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trim().startsWith('#')) continue
    if (!/^\s/.test(raw)) {
      const key = /^([a-z_]+):\s*(\{\s*\})?\s*$/.exec(raw)?.[1]
      section = key !== undefined && Object.hasOwn(SECTIONS, key) ? SECTIONS[key as keyof typeof SECTIONS] : null
      continue
    }
    const match = section ? /^\s+([A-Za-z0-9_-]+):\s*(.*)$/.exec(raw) : null
    if (match && section) found[section].set(match[1]!, unquote(match[2]!.trim()))
  }
  return { processTypes: Object.fromEntries(found.processTypes), configVars: Object.fromEntries(found.configVars) }
}

function fromJson(text: string): BuildpackRelease {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { processTypes: {}, configVars: {} }
  }
  const strings = (value: unknown) => Object.fromEntries(typeof value === 'object' && value !== null
    ? Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    : [])
  const body = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>
  return {
    processTypes: strings(Object.hasOwn(body, 'default_process_types') ? body.default_process_types : null),
    configVars: strings(Object.hasOwn(body, 'config_vars') ? body.config_vars : null),
  }
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value)
  return quoted ? quoted[2]! : value
}
