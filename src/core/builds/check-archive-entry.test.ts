import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { archiveEntryProblem } from './check-archive-entry.js'

describe('archiveEntryProblem', () => {
  it('accepts ordinary files, directories and links that stay inside', () => {
    for (const entry of [
      { path: 'package.json', type: 'File' },
      { path: './src/', type: 'Directory' },
      { path: 'bin/run', type: 'SymbolicLink', linkpath: '../lib/run.js' },
      { path: 'copy.txt', type: 'Link', linkpath: 'docs/original.txt' },
    ]) assert.equal(archiveEntryProblem(entry), null, entry.path)
  })

  it('rejects absolute paths, climbing paths, escaping links and devices, saying why', () => {
    const cases: [Parameters<typeof archiveEntryProblem>[0], RegExp][] = [
      [{ path: '/etc/passwd', type: 'File' }, /absolute paths/],
      [{ path: '../outside', type: 'File' }, /leaves the source tree/],
      [{ path: 'a/../../outside', type: 'File' }, /leaves the source tree/],
      [{ path: 'evil', type: 'SymbolicLink', linkpath: '/root/.berth/secret.key' }, /absolute paths/],
      [{ path: 'lib/evil', type: 'SymbolicLink', linkpath: '../../etc' }, /outside the source tree/],
      [{ path: 'hard', type: 'Link', linkpath: '../x' }, /outside the source tree/],
      [{ path: 'dev', type: 'CharacterDevice' }, /not allowed/],
    ]
    for (const [entry, reason] of cases) assert.match(archiveEntryProblem(entry) ?? '', reason, entry.path)
  })
})
