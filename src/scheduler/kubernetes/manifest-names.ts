import { createHash } from 'node:crypto'
import type { DynoSpec } from '../scheduler.js'

/** Labels on every object Berth makes: what it belongs to, so a list or watch can select it. */
export const LABELS = {
  managedBy: 'app.kubernetes.io/managed-by',
  app: 'berth.dev/app',
  appName: 'berth.dev/app-name',
  processType: 'berth.dev/process-type',
  release: 'berth.dev/release',
  releaseVersion: 'berth.dev/release-version',
  generation: 'berth.dev/generation',
  /** The Deployment (or task) a pod belongs to. */
  set: 'berth.dev/set',
} as const

export const MANAGED_BY = 'berth'

/** The container that runs the dyno's command (its logs are the dyno's). */
export const DYNO_CONTAINER = 'dyno'

const hash = (text: string, length: number) => createHash('sha256').update(text).digest('hex').slice(0, length)

/**
 * A DNS-1123 name from parts: lower case, dashes for anything else. A name that had to change or
 * is too long ends in a hash of the original, so two different inputs never share a name. At most
 * 52 characters, which leaves room for the suffixes a Deployment's pods get.
 */
export function objectName(...parts: readonly string[]): string {
  const raw = parts.join('-')
  const clean = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '')
  if (clean === raw && clean.length <= 52) return clean
  return `${clean.slice(0, 41).replace(/-+$/, '')}-${hash(raw, 10)}`
}

/** The Deployment that runs one process type of one release (and generation). */
export function deploymentName(spec: DynoSpec): string {
  const generation = spec.generation ? [`g${spec.generation}`] : []
  return objectName(spec.appName, spec.type, `v${spec.releaseVersion}`, ...generation)
}

/** The Job or Pod of a task (`release.1234` → `<app>-release-1234-v9`). */
export function taskName(spec: DynoSpec): string {
  return objectName(spec.appName, spec.name.replace('.', '-'), `v${spec.releaseVersion}`)
}

/** The Secret of one release's config: named after the release, and after its content, so that no two differ. */
export function configSecretName(spec: DynoSpec, data: Readonly<Record<string, string>>): string {
  const content = JSON.stringify(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)))
  return objectName(spec.appName, `v${spec.releaseVersion}`, 'config', hash(content, 8))
}

export function slugSecretName(spec: DynoSpec): string {
  return objectName(spec.appName, `v${spec.releaseVersion}`, 'slug')
}

/** The labels of a dyno's pods and of what runs them. */
export function labelsOf(spec: DynoSpec, set: string): Record<string, string> {
  return {
    [LABELS.managedBy]: MANAGED_BY,
    [LABELS.app]: spec.appId,
    [LABELS.appName]: spec.appName,
    [LABELS.processType]: spec.type,
    [LABELS.release]: spec.releaseId,
    [LABELS.releaseVersion]: String(spec.releaseVersion),
    [LABELS.generation]: String(spec.generation ?? 0),
    [LABELS.set]: set,
  }
}
