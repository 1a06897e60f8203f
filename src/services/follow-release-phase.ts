import { setTimeout as sleep } from 'node:timers/promises'
import type { Release } from '../core/releases/release.js'
import type { ServiceDeps } from './service-deps.js'

// The phase starts once the rollout reaches the release (it may wait behind another); until then
// its output does not exist. Looking a few times a second costs a map lookup or a stat.
const START_POLL_MS = 200

type Deps = Pick<ServiceDeps, 'releaseOutputs' | 'logReader'>

/**
 * Heroku compat: a push whose slug declares `release:` shows the release phase as Heroku's does:
 * `Running release command...`, the command's output as it runs, then `Waiting for release....
 * done.` or `failed.` and why. A release whose phase passed then says whether it went live
 * (`Verifying deploy...`), as every push does. The push itself succeeds either way (the code is
 * pushed), as on Heroku. Resolves with the release as the rollout finished it.
 */
export async function followReleasePhase(deps: Deps, release: Release, live: Promise<Release>, say: (line: string) => void): Promise<Release> {
  say('Running release command...')
  say('')
  let settled = false
  const outcome = (async () => {
    try {
      return await live
    } finally {
      settled = true
    }
  })()
  const showOutput = async (): Promise<boolean> => {
    // Once the rollout is over, the output is stored if the phase ran at all.
    while (!(await deps.releaseOutputs.exists(release.id))) {
      if (settled) return false
      await sleep(START_POLL_MS)
    }
    for await (const line of deps.releaseOutputs.follow(release.id)) say(line)
    return true
  }
  // The release goes live or fails whatever happens to this view of it.
  const shown = showOutput().catch(() => {
    say(' !     The release command\'s output could not be read here; `heroku releases:output` shows it.')
    return true
  })
  const [finished, ran] = await Promise.all([outcome, shown])
  for (const line of verdict(deps, finished, ran)) say(line)
  return finished
}

/** The push's last lines: the phase's outcome, then the release's, with the reason the rollout logged. */
function verdict(deps: Deps, release: Release, ran: boolean): string[] {
  const v = `v${release.version}`
  if (release.current) return ['Waiting for release.... done.', 'Verifying deploy... done.']
  if (release.status === 'succeeded') return [`Waiting for release.... ${ran ? 'done' : 'failed'}.`, ` !     ${v} did not go live: a newer release replaced it first.`]
  const logged = (prefix: string) => deps.logReader.recent(release.appId, 1, (line) =>
    line.process === 'api' && line.releaseVersion === release.version && line.message.startsWith(prefix))[0]?.message
  const reason = logged(`Release ${v} failed: `) ?? `Release ${v} failed`
  // Heroku compat: `Release v5 command failed by user …` is what the phase logs when it fails.
  if (!ran || logged(`Release ${v} command failed`)) {
    return ['Waiting for release.... failed.', ` !     ${reason}.`, ' !     The previous release keeps serving. Fix the release command, then push again.']
  }
  return [
    'Waiting for release.... done.',
    `Verifying deploy... failed: ${v} did not go live, and the previous release keeps serving. See \`heroku logs\`.`,
    ` !     ${reason}.`,
  ]
}
