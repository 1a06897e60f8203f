import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SchedulerHarness } from '../../src/scheduler/scheduler.contract.js'
import type { Dyno } from '../../src/scheduler/scheduler.js'

/** A GET to a web dyno of the `inspector` fixture, wherever it listens. */
export async function getFromDyno(dyno: Dyno, path = '/'): Promise<any> {
  return (await fetch(`http://${dyno.host}:${dyno.port}${path}`)).json()
}

/**
 * What the Scheduler contract asks of a harness whose dynos run the `inspector` fixture: their
 * environment and start time, and a secret file in `dataDir` no dyno may read.
 */
export function inspectorProbes(dataDir: string): Pick<SchedulerHarness, 'envOf' | 'startedAt' | 'files'> {
  const secretPath = join(dataDir, 'secret.key')
  writeFileSync(secretPath, 'not for dynos', { mode: 0o600 })
  return {
    envOf: (dyno) => getFromDyno(dyno, '/env'),
    startedAt: async (dyno) => (await getFromDyno(dyno)).startedAt,
    files: { secretPath, get: getFromDyno },
  }
}
