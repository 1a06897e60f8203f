import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { it } from 'node:test'
import { ERROR_STATUS } from './errors.js'
import { ERROR_IDS } from '../core/errors/platform-error.js'

it('docs/api.md lists exactly the error ids and statuses the API returns', () => {
  const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')
  const section = doc.slice(doc.indexOf('### Error ids'), doc.indexOf('## Endpoints'))
  const documented = [...section.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])])
  assert.deepEqual(documented, ERROR_IDS.map((id) => [id, ERROR_STATUS[id]]))
})
