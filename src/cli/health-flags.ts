import { CliError } from './cli-error.js'

/** `5m`, `300s`, `1h` or `300` (seconds) as seconds. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d{1,6})(s|m|h)?$/.exec(text.trim())
  if (!match) throw new CliError(`--${flag} takes a duration like 5m, 300s or 1h, not ${JSON.stringify(text)}`)
  return Number(match[1]) * ({ s: 1, m: 60, h: 3600 } as const)[(match[2] ?? 's') as 's' | 'm' | 'h']
}

/** `5%` or `0.05` as a rate. */
export function parseRate(text: string, flag: string): number {
  const match = /^(\d{1,3}(?:\.\d{1,4})?)(%)?$/.exec(text.trim())
  if (!match) throw new CliError(`--${flag} takes a rate like 5% or 0.05, not ${JSON.stringify(text)}`)
  return match[2] ? Number(match[1]) / 100 : Number(match[1])
}

/** `2x` or `2` as a factor. */
export function parseFactor(text: string, flag: string): number {
  const match = /^(\d{1,3}(?:\.\d{1,2})?)x?$/i.exec(text.trim())
  if (!match) throw new CliError(`--${flag} takes a factor like 2x or 1.5, not ${JSON.stringify(text)}`)
  return Number(match[1])
}

/** A whole number. */
export function parseCount(text: string, flag: string): number {
  if (!/^\d{1,7}$/.test(text.trim())) throw new CliError(`--${flag} takes a whole number, not ${JSON.stringify(text)}`)
  return Number(text)
}
