import type { DynoSpec } from './scheduler.js'

const PATH = '/usr/local/bin:/usr/bin:/bin:/app/bin:/app/node_modules/.bin'

/**
 * The environment a dyno starts with: its config vars and metadata, then the
 * platform's own variables, which the app cannot override.
 */
export function planDynoEnv(spec: DynoSpec, port: number | null): Record<string, string> {
  const { PORT: _ignored, ...config } = spec.env
  return {
    LANG: 'C.UTF-8',
    ...config,
    PATH,
    HOME: '/app',
    TMPDIR: '/tmp',
    DYNO: spec.name,
    PS: spec.name,
    // /app is read-only: npm keeps its cache and logs in the private /tmp.
    npm_config_cache: '/tmp/.npm',
    npm_config_update_notifier: 'false',
    ...(port === null ? {} : { PORT: String(port) }),
  }
}

// The dyno's main process. It sources the slug's .profile.d scripts (as Heroku does), runs the command
// through bash, and outlives a SIGTERM (its trap only interrupts `wait`) until the command exits: the
// sandbox ends when its main process does, and the app must get its whole grace period. `<&0` keeps
// stdin, which bash would otherwise give a background command as /dev/null (attached `heroku run`).
const WRAPPER = [
  'for f in /app/.profile.d/*.sh; do [ -r "$f" ] && . "$f"; done',
  'trap : TERM',
  '/bin/bash -c "$1" <&0 &',
  'child=$!',
  'while :; do wait "$child"; status=$?; kill -0 "$child" 2>/dev/null || exit "$status"; done',
].join('\n')

/** The argv that runs a Procfile command in a dyno. */
export function dynoCommand(command: string): string[] {
  return ['/bin/bash', '-c', WRAPPER, 'dyno', command]
}

// Heroku compat: memory quotas by dyno size.
const MEMORY_MB: Record<string, number> = {
  eco: 512, basic: 512, 'standard-1x': 512, 'standard-2x': 1024, 'performance-m': 2560, 'performance-l': 14336,
  'performance-l-ram': 30720, 'performance-xl': 63488, 'performance-2xl': 129024,
}

export function memoryQuotaBytes(size: string): number {
  // Private-M and Shield-M are Performance-M in a private space; Private-S is 1 GB.
  const key = size.toLowerCase().replace(/^(private|shield)-(s)$/, 'standard-2x').replace(/^(private|shield)-/, 'performance-')
  return (MEMORY_MB[key] ?? 512) * 1024 * 1024
}

export const DYNO_SIZES = ['Eco', 'Basic', 'Standard-1X', 'Standard-2X', 'Performance-M', 'Performance-L', 'Performance-L-RAM', 'Performance-XL', 'Performance-2XL']
