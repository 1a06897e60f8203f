import type { DynoSpec } from './scheduler.js'

const PATH = '/usr/local/bin:/usr/bin:/bin:/app/bin:/app/node_modules/.bin'
const MIB = 1024 * 1024

// Variables that steer the dynamic loader and the C library (glibc drops them for setuid programs:
// its "unsecure" list), and the Docker CLI's own settings. Berth starts a dyno through programs it
// runs as root or outside the sandbox (nsenter, bwrap, docker), so a config var with one of these
// names would steer them (`LD_PRELOAD` naming a library in the tenant's unpacked slug).
const SHIELDED = /^(?:LD_\w*|DOCKER_\w*|GCONV_PATH|GETCONF_DIR|GLIBC_TUNABLES|HOSTALIASES|LOCALDOMAIN|LOCPATH|MALLOC_TRACE|NIS_PATH|NLSPATH|RESOLV_HOST_CONF|RES_OPTIONS|TZDIR)$/
const SHIELD_PREFIX = 'BERTH_SHIELDED_'

/**
 * The environment a dyno starts with: its config vars and metadata, then the
 * platform's own variables, which the app cannot override. Config vars that
 * would steer the programs that start the dyno travel renamed (`LD_PRELOAD` as
 * `BERTH_SHIELDED_LD_PRELOAD`, listed in `BERTH_SHIELDED`); the dyno's main
 * process gives them back their names inside the sandbox, before the command.
 */
export function planDynoEnv(spec: DynoSpec, port: number | null): Record<string, string> {
  const { PORT: _ignored, ...given } = spec.env
  const shielded = Object.keys(given).filter((name) => SHIELDED.test(name))
  // fromEntries, not assignment: a config var named `__proto__` stays an own key.
  const config = Object.fromEntries(Object.entries(given).map(([name, value]) => [SHIELDED.test(name) ? `${SHIELD_PREFIX}${name}` : name, value]))
  return {
    LANG: 'C.UTF-8',
    ...config,
    BERTH_SHIELDED: shielded.join(' '),
    PATH,
    HOME: '/app',
    TMPDIR: '/tmp',
    DYNO: spec.name,
    PS: spec.name,
    // The size's memory quota, which the dyno cannot read from inside its sandbox (the JVM's defaults follow it).
    BERTH_DYNO_MEMORY_MB: String(memoryQuotaBytes(spec.size) / MIB),
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
  // The shielded config vars get their names back (each one a config var name: [A-Za-z_][A-Za-z0-9_]*).
  `for name in \${BERTH_SHIELDED-}; do eval "export $name=\\"\\$${SHIELD_PREFIX}$name\\""; unset "${SHIELD_PREFIX}$name"; done; unset BERTH_SHIELDED`,
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

/** Heroku's log line for a dyno killed at twice its memory quota. */
export const R15_MESSAGE = 'Error R15 (Memory quota vastly exceeded)'

// Heroku compat: memory quotas by dyno size.
const MEMORY_MB: Record<string, number> = {
  eco: 512, basic: 512, 'standard-1x': 512, 'standard-2x': 1024, 'performance-m': 2560, 'performance-l': 14336,
  'performance-l-ram': 30720, 'performance-xl': 63488, 'performance-2xl': 129024,
}

// Heroku compat: process and thread limits by dyno size.
const PROCESSES: Record<string, number> = {
  eco: 256, basic: 256, 'standard-1x': 256, 'standard-2x': 512, 'performance-m': 16384, 'performance-l': 32768,
  'performance-l-ram': 32768, 'performance-xl': 32768, 'performance-2xl': 32768,
}

// Private-M and Shield-M are Performance-M in a private space; Private-S is Standard-2X.
function sizeKey(size: string): string {
  return size.toLowerCase().replace(/^(private|shield)-(s)$/, 'standard-2x').replace(/^(private|shield)-/, 'performance-')
}

export function memoryQuotaBytes(size: string): number {
  return (MEMORY_MB[sizeKey(size)] ?? 512) * MIB
}

/** How many processes and threads a dyno of this size may have at once. */
export function processLimit(size: string): number {
  return PROCESSES[sizeKey(size)] ?? 256
}

export const DYNO_SIZES = ['Eco', 'Basic', 'Standard-1X', 'Standard-2X', 'Performance-M', 'Performance-L', 'Performance-L-RAM', 'Performance-XL', 'Performance-2XL']
