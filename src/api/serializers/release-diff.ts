import type { ReleaseDiffReport } from '../../services/diff-releases.js'
import { effectiveConfigVars, type Release } from '../../core/releases/release.js'
import { timestamp } from './timestamp.js'

function summary(release: Release) {
  return {
    id: release.id, version: release.version, description: release.description, status: release.status,
    user: { email: release.actor.email }, created_at: timestamp(release.createdAt), release_phase: release.hasReleasePhase,
  }
}

/**
 * A Berth extension: the diff behind `berth releases:diff` and the dashboard.
 * Config values appear only with `showValues`; otherwise only key names do.
 */
export function serializeReleaseDiff(diff: ReleaseDiffReport, showValues: boolean) {
  const [before, after] = [effectiveConfigVars(diff.from), effectiveConfigVars(diff.to)]
  const entry = (key: string, values: Record<string, string | undefined>) => (showValues ? { key, ...values } : { key })
  return {
    app: { id: diff.app.id, name: diff.app.name },
    from_app: { id: diff.fromApp.id, name: diff.fromApp.name },
    from: { ...summary(diff.from), commit: diff.commits.from },
    to: { ...summary(diff.to), commit: diff.commits.to },
    commits: { direction: diff.commitLog.direction, log: diff.commitLog.commits },
    config_vars: {
      added: diff.config.added.map((key) => entry(key, { value: after[key] })),
      removed: diff.config.removed.map((key) => entry(key, { value: before[key] })),
      changed: diff.config.changed.map((key) => entry(key, { from: before[key], to: after[key] })),
    },
    values_shown: showValues,
    addons: diff.addons,
    process_types: diff.processTypes,
    releases: diff.between.map(summary),
  }
}
