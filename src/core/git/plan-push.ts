/** One ref update as git's pre-receive hook receives it: `<old> <new> <ref>`. */
export interface RefUpdate {
  oldSha: string
  newSha: string
  ref: string
}

export type PushPlan =
  | { kind: 'build'; update: RefUpdate; skipped: RefUpdate[] }
  | { kind: 'skip'; message: string }
  | { kind: 'reject'; message: string }

const ZERO = /^0+$/
export const DEPLOY_BRANCHES = ['refs/heads/main', 'refs/heads/master']

export function parseRefUpdates(text: string): RefUpdate[] {
  return text.split('\n').map((line) => line.trim()).filter(Boolean).map((line) => {
    const [oldSha = '', newSha = '', ref = ''] = line.split(/\s+/)
    return { oldSha, newSha, ref }
  })
}

/**
 * Decides what a push does: only main and master build (the first one pushed,
 * if both are); other refs are accepted without a build; deleting a deploy
 * branch is refused, since the app would lose the source of its releases.
 */
export function planPush(updates: readonly RefUpdate[]): PushPlan {
  const deploys = updates.filter((u) => DEPLOY_BRANCHES.includes(u.ref))
  const deletion = deploys.find((u) => ZERO.test(u.newSha))
  if (deletion) return { kind: 'reject', message: `Deleting ${deletion.ref.replace('refs/heads/', '')} is not allowed: it is the branch Berth deploys.` }
  const [build, ...others] = deploys
  if (!build) return { kind: 'skip', message: 'Pushed to non-main branch, skipping build. Push to main (or master) to deploy.' }
  return { kind: 'build', update: build, skipped: others }
}
