import { PlatformError } from '../errors/platform-error.js'

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export type ReleaseRef = { kind: 'id'; id: string } | { kind: 'version'; version: number }

/** Reads `3`, `v3` or a uuid; the CLI strips the `v` but people type it. */
export function parseReleaseRef(value: unknown): ReleaseRef {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return { kind: 'version', version: value }
  if (typeof value === 'string') {
    if (UUID_PATTERN.test(value)) return { kind: 'id', id: value.toLowerCase() }
    const match = /^v?(\d{1,9})$/i.exec(value)
    if (match) return { kind: 'version', version: Number(match[1]) }
  }
  throw new PlatformError('not_found', "Couldn't find that release.", { resource: 'release' })
}

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value)
}
