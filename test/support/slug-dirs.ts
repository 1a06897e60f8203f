import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const FIXTURES = new URL('../fixtures/apps/', import.meta.url).pathname

/**
 * Fixture apps as unpacked slugs, for scheduler tests: copied somewhere the unprivileged dyno user
 * can read (a clone may live under a private home directory).
 */
export function fixtureSlugs(): { ensure(slugId: string): Promise<string>; root: string } {
  const root = mkdtempSync(join(tmpdir(), 'berth-slugs-'))
  chmodSync(root, 0o755)
  return {
    root,
    async ensure(fixture: string) {
      const dir = join(root, fixture)
      try {
        statSync(dir)
      } catch {
        cpSync(join(FIXTURES, fixture), dir, { recursive: true })
        openUp(dir)
      }
      return dir
    },
  }
}

function openUp(path: string): void {
  const isDir = statSync(path).isDirectory()
  chmodSync(path, isDir ? 0o755 : 0o644)
  if (isDir) for (const name of readdirSync(path)) openUp(join(path, name))
}
