import { PlatformError } from '../core/errors/platform-error.js'

// Heroku compat: `Range: <field> [[|]]<start>..[<end>][; max=<n>[, order=asc|desc]]`. The CLI
// sends several spellings (`version ..; max=15, order=desc`, `version ..; order=desc,max=1`,
// `id ..; max=1000;`, and an empty `Range:`), so parameters may be split by `,` or `;`.
export interface RangeRequest {
  field: string
  start?: string
  startExclusive: boolean
  end?: string
  max: number
  order: 'asc' | 'desc'
}

export interface RangeSpec {
  fields: readonly string[]
  defaultMax?: number
}

export const DEFAULT_MAX = 200
export const MAX_MAX = 1000

function invalid(header: string): PlatformError {
  return new PlatformError('requested_range_not_satisfiable', `Invalid Range header: ${JSON.stringify(header)}.`)
}

/** Parses a Range header; an unknown field falls back to the default (first) field. */
export function parseRange(header: string | undefined, spec: RangeSpec): RangeRequest {
  const range: RangeRequest = { field: spec.fields[0]!, startExclusive: false, max: spec.defaultMax ?? DEFAULT_MAX, order: 'asc' }
  const text = (header ?? '').trim()
  if (text === '') return range
  const semicolon = text.indexOf(';')
  const head = (semicolon < 0 ? text : text.slice(0, semicolon)).trim()
  const params = semicolon < 0 ? '' : text.slice(semicolon + 1)
  const match = /^([a-z_]+)(?:\s+(\]?)([^\s]*?)\.\.([^\s]*))?$/.exec(head)
  if (!match) throw invalid(text)
  const [, field, exclusive, start, end] = match
  if (spec.fields.includes(field!)) {
    range.field = field!
    range.startExclusive = exclusive === ']'
    if (start) range.start = start
    if (end) range.end = end
  }
  for (const param of params.split(/[;,]/).map((p) => p.trim()).filter(Boolean)) {
    const [key, value = ''] = param.split('=').map((s) => s.trim())
    if (key === 'max') {
      const max = Number(value)
      if (!/^\d+$/.test(value) || max < 1) throw invalid(text)
      range.max = Math.min(max, MAX_MAX)
    } else if (key === 'order') {
      if (value !== 'asc' && value !== 'desc') throw invalid(text)
      range.order = value
    } else {
      throw invalid(text)
    }
  }
  return range
}

export type RangeHeaders = Record<string, string>

/** Response headers for a page; `Next-Range` only when more remain (the CLI loops on it). */
export function rangeHeaders(spec: RangeSpec, range: RangeRequest, first: string | undefined, last: string | undefined, more: boolean): RangeHeaders {
  const headers: RangeHeaders = { 'Accept-Ranges': spec.fields.join(', ') }
  // Only a truncated page carries Next-Range: the CLI follows it until it is absent.
  if (first !== undefined && last !== undefined) headers['Content-Range'] = `${range.field} ${first}..${last}`
  if (more && last !== undefined) headers['Next-Range'] = `${range.field} ]${last}..; max=${range.max}, order=${range.order}`
  return headers
}

/** Pages an in-memory list (apps, collaborators) by a field's string value. */
export function paginate<T>(items: readonly T[], range: RangeRequest, valueOf: (item: T, field: string) => string): { page: T[]; more: boolean } {
  const direction = range.order === 'desc' ? -1 : 1
  const sorted = [...items].sort((a, b) => direction * compare(valueOf(a, range.field), valueOf(b, range.field)))
  const inRange = sorted.filter((item) => {
    const value = valueOf(item, range.field)
    if (range.start !== undefined) {
      const c = direction * compare(value, range.start)
      if (c < 0 || (c === 0 && range.startExclusive)) return false
    }
    return range.end === undefined || direction * compare(value, range.end) <= 0
  })
  return { page: inRange.slice(0, range.max), more: inRange.length > range.max }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
