/** Output in Heroku's shapes: `=== Title` headers, aligned tables and `Key: value` blocks. */

export interface Style {
  bold(text: string): string
  dim(text: string): string
  green(text: string): string
  red(text: string): string
  yellow(text: string): string
}

const ansi = (code: number, reset: number) => (text: string) => `\u001b[${code}m${text}\u001b[${reset}m`

export function createStyle(color: boolean): Style {
  const plain = (text: string) => text
  return color
    ? { bold: ansi(1, 22), dim: ansi(2, 22), green: ansi(32, 39), red: ansi(31, 39), yellow: ansi(33, 39) }
    : { bold: plain, dim: plain, green: plain, red: plain, yellow: plain }
}

const ANSI = /\u001b\[\d+m/g
const width = (text: string) => [...text.replace(ANSI, '')].length

export function header(title: string): string {
  return `=== ${title}`
}

/** Columns padded to their widest cell, two spaces apart, without trailing spaces; headings underlined when given. */
export function table(rows: readonly (readonly string[])[], headings?: readonly string[]): string {
  const all = headings ? [headings, ...rows] : rows
  const widths: number[] = []
  for (const row of all) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, width(cell)) })
  const line = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - width(cell)))).join('  ').trimEnd()
  const out = all.map(line)
  if (headings) out.splice(1, 0, widths.map((w) => '─'.repeat(w)).join('  '))
  return out.join('\n')
}

/** `Key:   value` lines with the values aligned, skipping absent values. */
export function keyValues(entries: readonly (readonly [string, string | null | undefined])[]): string {
  const present = entries.filter((e): e is [string, string] => e[1] !== null && e[1] !== undefined)
  const keyWidth = Math.max(0, ...present.map(([key]) => key.length + 1))
  return present.map(([key, value]) => `${`${key}:`.padEnd(keyWidth)} ${value}`).join('\n')
}

/** `512 B`, `37 KB`, `5 MB`: sizes as the heroku CLI prints them (powers of 1024, whole units). */
export function byteSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${Math.round(value)} ${units[unit]}`
}

/** `2026/11/28 05:39:25 +0000`, as Heroku prints release times. */
export function absoluteTime(iso: string): string {
  const d = new Date(iso)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
}

/** `2030-06-01 12:34 UTC`, as Heroku prints certificate dates. */
export function certificateTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** `5m ago`, `3h ago`, `2d ago`. */
export function relativeTime(iso: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(iso).getTime()) / 1000))
  if (seconds < 60) return `${seconds}s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h ago`
  return `${Math.floor(seconds / 86_400)}d ago`
}

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}
