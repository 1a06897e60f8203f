import { JSON_FLAG, type Command, type FlagSpec } from '../../command.js'
import type { CliContext } from '../../context.js'
import { header, keyValues } from '../../format.js'
import { parseCount, parseDuration, parseFactor, parseRate } from '../../health-flags.js'
import { appPath } from '../../paths.js'
import type { ParsedInput } from '../../parsed-input.js'

export interface AutoRollbackJson {
  enabled: boolean
  error_rate: number
  p95_factor: number
  max_crashes: number
  window_seconds: number
  min_requests: number
}

export const THRESHOLD_FLAGS: Record<string, FlagSpec> = {
  'error-rate': { type: 'string', description: 'the 5xx rate a new release must stay under, like 5%' },
  p95: { type: 'string', description: 'how many times the replaced release\'s p95 it may take, like 2x' },
  'max-crashes': { type: 'string', description: 'dyno crashes that roll it back' },
  window: { type: 'string', description: 'how long after cutover it is watched, like 5m' },
  'min-requests': { type: 'string', description: 'requests it must have answered before its rates count' },
}

/** The thresholds given as flags, as the API names them. */
export function thresholds(input: ParsedInput): Record<string, number> {
  const flag = (name: string) => (typeof input.flags[name] === 'string' ? input.flags[name] as string : undefined)
  const given: Record<string, number | undefined> = {
    error_rate: flag('error-rate') === undefined ? undefined : parseRate(flag('error-rate')!, 'error-rate'),
    p95_factor: flag('p95') === undefined ? undefined : parseFactor(flag('p95')!, 'p95'),
    max_crashes: flag('max-crashes') === undefined ? undefined : parseCount(flag('max-crashes')!, 'max-crashes'),
    window_seconds: flag('window') === undefined ? undefined : parseDuration(flag('window')!, 'window'),
    min_requests: flag('min-requests') === undefined ? undefined : parseCount(flag('min-requests')!, 'min-requests'),
  }
  return Object.fromEntries(Object.entries(given).filter((entry): entry is [string, number] => entry[1] !== undefined))
}

export function showAutoRollback(ctx: CliContext, app: string, settings: AutoRollbackJson): void {
  ctx.out(header(`${app} automatic rollback: ${settings.enabled ? 'on' : 'off'}`))
  ctx.out(keyValues([
    ['5xx rate under', `${+(settings.error_rate * 100).toFixed(2)}%`],
    ['p95 under', `${settings.p95_factor}x the replaced release's`],
    ['Dyno crashes under', String(settings.max_crashes)],
    ['Watched for', `${settings.window_seconds} s after cutover`],
    ['Judged after', `${settings.min_requests} requests`],
  ]))
}

const command: Command = {
  summary: 'show whether a release that misbehaves after cutover is rolled back by itself, and by what thresholds',
  app: true,
  flags: { ...JSON_FLAG },
  async run(ctx, input) {
    const app = await ctx.app(input)
    const settings = await ctx.api.get<AutoRollbackJson>(appPath(app, '/auto-rollback'))
    if (input.flags.json) return ctx.json(settings)
    showAutoRollback(ctx, app, settings)
  },
}
export default command
