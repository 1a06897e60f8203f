import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fixtureSlugs } from '../../../test/support/slug-dirs.js'
import type { LogLine } from '../../logs/log-sink.js'
import { findSandbox } from '../../main/find-sandbox.js'
import { runSchedulerContract } from '../scheduler.contract.js'
import { LocalScheduler } from './local-scheduler.js'

runSchedulerContract('LocalScheduler', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-sched-data-'))
  const secretPath = join(dataDir, 'secret.key')
  writeFileSync(secretPath, 'not for dynos', { mode: 0o600 })
  const slugs = fixtureSlugs()
  const lines: LogLine[] = []
  const sandbox = findSandbox('auto')
  const scheduler = new LocalScheduler({
    runDir: dataDir, bwrap: sandbox.bwrap, user: sandbox.user, slugs, logs: { write: (line) => lines.push(line) },
    bootTimeoutMs: 1500, stopTimeoutMs: 1500, cooloffUnitMs: 60_000, stableAfterMs: 60_000, memoryCheckMs: 0,
  })
  return {
    scheduler, lines, secretPath,
    cleanup: async () => {
      await scheduler.shutdown()
      rmSync(dataDir, { recursive: true, force: true })
      rmSync(slugs.root, { recursive: true, force: true })
    },
  }
})
