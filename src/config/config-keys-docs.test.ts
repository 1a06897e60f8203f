import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { CONFIG_KEYS } from './config-keys.js'

it('docs/config.md documents exactly the BERTH_* variables the server reads, each as CONFIG_KEYS describes it', () => {
  const doc = readFileSync(new URL('../../docs/config.md', import.meta.url), 'utf8')
  const serverSection = doc.slice(0, doc.indexOf('## Tests'))
  const documented = [...serverSection.matchAll(/^\| `(BERTH_[A-Z_]+)` \| (.*) \|$/gm)].map((m) => [m[1], m[2]])
  assert.deepEqual(documented, Object.entries(CONFIG_KEYS))
})

it('load-config.ts reads no BERTH_* variable that is not declared', () => {
  const source = readFileSync(new URL('./load-config.ts', import.meta.url), 'utf8')
  const read = new Set([...source.matchAll(/env\.(BERTH_[A-Z_]+)|'(BERTH_[A-Z_]+)'/g)].map((m) => m[1] ?? m[2]))
  for (const key of read) assert.ok(key! in CONFIG_KEYS, `${key} is read but not declared in CONFIG_KEYS`)
})
