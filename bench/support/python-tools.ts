import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The machine's Python, which the buildpack also uses when an app names no version. */
export const MACHINE_PYTHON = '/usr/bin/python3.11'

/**
 * Floor commands that make sure a tools environment holding `packages` exists (a no-op once it
 * does, so only the first floor run pays for it) and return its directory: the same pinned pip,
 * uv or Poetry the buildpack installs in its build cache.
 */
export function toolsEnv(name: string, packages: string[]): { dir: string; ensure: string[] } {
  const dir = join(tmpdir(), `berth-bench-${name}-tools`)
  const script = `test -x "${dir}/bin/${name}" || { ${MACHINE_PYTHON} -m venv "${dir}" && "${dir}/bin/pip" install -q ${packages.join(' ')}; }`
  return { dir, ensure: ['sh', '-c', script] }
}

/** A package cache shared by every floor run, so the floor is the package manager's warm install. */
export function benchCache(name: string): string {
  return join(tmpdir(), `berth-bench-${name}-cache`)
}
