import assert from 'node:assert/strict'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

const GOLDEN = new URL('../fixtures/cli-golden/', import.meta.url).pathname

/** Compares output with test/fixtures/cli-golden/<name>.txt; BERTH_UPDATE_GOLDEN=1 rewrites the file instead. */
export function assertGolden(name: string, actual: string): void {
  const path = join(GOLDEN, `${name}.txt`)
  if (process.env.BERTH_UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.CI && !existsSync(path)) assert.fail(`missing golden file ${path}`)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, actual)
    return
  }
  assert.equal(actual, readFileSync(path, 'utf8'), `output differs from ${path} (BERTH_UPDATE_GOLDEN=1 rewrites it)`)
}
