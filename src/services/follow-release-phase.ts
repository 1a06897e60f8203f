import { setTimeout as sleep } from 'node:timers/promises'
import type { Release } from '../core/releases/release.js'
import type { ServiceDeps } from './service-deps.js'

// The phase starts once the rollout reaches the release (it may wait behind another); until then
// its output does not exist. Looking a few times a second costs a map lookup or a stat.
const START_POLL_MS = 200

/**
 * Heroku compat: a push whose slug declares `release:` shows the release phase as Heroku's does:
 * `Running release command...`, the command's output as it runs, then `Waiting for release....
 * done.` once the release is live, or `failed.` and why. The push itself still succeeds (the code
 * is pushed), as on Heroku. Resolves with the release as the rollout finished it.
 */
export async function followReleasePhase(
  deps: Pick<ServiceDeps, 'releaseOutputs' | 'logReader'>, release: Release, live: Promise<Release>, say: (line: string) => void,
): Promise<Release> {
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
  const showOutput = async () => {
    // Once the rollout is over, the output is stored if the phase ran at all.
    while (!(await deps.releaseOutputs.exists(release.id))) {
      if (settled) return
      await sleep(START_POLL_MS)
    }
    for await (const line of deps.releaseOutputs.follow(release.id)) say(line)
  }
  // The release goes live or fails whatever happens to this view of it.
  const shown = showOutput().catch(() => say(' !     The release command\'s output could not be read here; `heroku releases:output` shows it.'))
  const [finished] = await Promise.all([outcome, shown])
  if (finished.current) {
    say('Waiting for release.... done.')
    return finished
  }
  say('Waiting for release.... failed.')
  for (const line of whyNotLive(deps, finished)) say(` !     ${line}`)
  return finished
}

/** The reason the rollout logged (`Release v3 failed: the release command exited with status 2`). */
function whyNotLive(deps: Pick<ServiceDeps, 'logReader'>, release: Release): string[] {
  if (release.status === 'succeeded') return [`v${release.version} did not go live: a newer release replaced it first.`]
  const prefix = `Release v${release.version} failed: `
  const [logged] = deps.logReader.recent(release.appId, 1, (line) => line.process === 'api' && line.releaseVersion === release.version && line.message.startsWith(prefix))
  return [
    logged ? `${logged.message}.` : `Release v${release.version} failed.`,
    'The previous release keeps serving. Fix the release command, then push again.',
  ]
}
