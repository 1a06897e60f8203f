import type { SandboxMount } from './plan-sandbox.js'

/** Where builds and dynos see the operator's runtimes (BERTH_RUNTIMES_DIR). */
export const RUNTIMES_PATH = '/runtimes'
/** Where builds and dynos see the runtimes Berth downloads itself (the runtime store). */
export const RUNTIME_STORE_PATH = '/runtime-store'

/** The host directories runtimes come from (ADR 0010); either may be absent. */
export interface RuntimeDirs {
  /** The operator's own (BERTH_RUNTIMES_DIR). */
  operatorDir: string | null
  /** The store Berth fills from registries (BERTH_RUNTIME_STORE). */
  storeDir: string | null
}

/**
 * The runtimes, read-only in every build and dyno at the same paths, so a slug built against
 * `/runtimes/python/3.12.4` or `/runtime-store/node/18.20.8` runs against the same files.
 */
export function runtimeMounts(dirs: RuntimeDirs | null | undefined): SandboxMount[] {
  const mounts: SandboxMount[] = []
  if (dirs?.operatorDir) mounts.push({ hostPath: dirs.operatorDir, path: RUNTIMES_PATH, writable: false })
  if (dirs?.storeDir) mounts.push({ hostPath: dirs.storeDir, path: RUNTIME_STORE_PATH, writable: false })
  return mounts
}

/** Tells buildpacks where the runtimes are (`BERTH_RUNTIMES_DIR=/runtimes`, `BERTH_RUNTIME_STORE=/runtime-store`). */
export function runtimeEnv(dirs: RuntimeDirs | null | undefined): Record<string, string> {
  return {
    ...(dirs?.operatorDir ? { BERTH_RUNTIMES_DIR: RUNTIMES_PATH } : {}),
    ...(dirs?.storeDir ? { BERTH_RUNTIME_STORE: RUNTIME_STORE_PATH } : {}),
  }
}
