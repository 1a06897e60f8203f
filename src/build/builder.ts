import type { Readable } from 'node:stream'

export type BuildSource =
  /** A commit in a bare repository; `gitEnv` carries a push's quarantine (objects not yet in the repo). */
  | { kind: 'git'; gitDir: string; commit: string; gitEnv: Record<string, string> }
  /** A gzipped tarball, as uploaded through the Sources API. */
  | { kind: 'tarball'; open(): Promise<Readable> }

export interface BuildRequest {
  appId: string
  source: BuildSource
  /** Buildpack references; empty means detect among the built-in ones. */
  buildpacks: string[]
  configVars: Readonly<Record<string, string>>
  sourceVersion: string | null
  /** The app's stack (`heroku-24`, `berth-24`): buildpacks see it as `STACK`. */
  stack?: string
  onLine(line: string): void
  signal?: AbortSignal
}

export interface BuiltSlug {
  processTypes: Record<string, string>
  buildpackDescription: string
  sizeBytes: number
  checksum: string
  /** Runtimes from the runtime store the slug runs on (`node@18.20.8`): its dynos need them too. */
  runtimes: string[]
  /** The slug archive (.tgz). */
  open(): Readable
  /** Removes the build's workspace; call once the slug is stored. */
  dispose(): Promise<void>
}

/** Why a build failed, in words for the person who pushed. */
export class BuildError extends Error {}

/** Turns source into a slug: detect, compile with a per-app cache, find process types, pack. */
export interface Builder {
  build(request: BuildRequest): Promise<BuiltSlug>
  purgeCache(appId: string): Promise<void>
}
