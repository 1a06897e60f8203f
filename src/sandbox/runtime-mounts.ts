import type { SandboxMount } from './plan-sandbox.js'

/** Where builds and dynos see the operator's runtimes (BERTH_RUNTIMES_DIR). */
export const RUNTIMES_PATH = '/runtimes'

/**
 * The operator's runtimes, read-only in every build and dyno at the same path, so a slug built
 * against `/runtimes/python/3.12.4` runs against it too; nothing when the operator has none.
 */
export function runtimeMounts(runtimesDir: string | null | undefined): SandboxMount[] {
  return runtimesDir ? [{ hostPath: runtimesDir, path: RUNTIMES_PATH, writable: false }] : []
}

/** Tells buildpacks where the runtimes are (`BERTH_RUNTIMES_DIR=/runtimes`), when there are any. */
export function runtimeEnv(runtimesDir: string | null | undefined): Record<string, string> {
  return runtimesDir ? { BERTH_RUNTIMES_DIR: RUNTIMES_PATH } : {}
}
