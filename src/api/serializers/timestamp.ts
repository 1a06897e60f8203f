// Heroku compat: timestamps are ISO 8601 in UTC without fractions, `2012-01-01T12:00:00Z`.
export function timestamp(date: Date): string
export function timestamp(date: Date | null): string | null
export function timestamp(date: Date | null): string | null {
  return date === null ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
