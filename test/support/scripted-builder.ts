import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import type { Builder, BuildRequest, BuiltSlug } from '../../src/build/builder.js'

/** What one build does: print these lines, then fail with `error` or pack a slug of these process types. */
export interface BuildScript {
  lines?: string[]
  error?: Error
  processTypes?: Record<string, string>
}

/**
 * A Builder that runs no buildpack, for tests of what the services do around a build: it records
 * each request (and the source bytes of a tarball), prints its lines, then fails or returns a slug.
 * It does not pass builder.contract.ts (no detection, no compile); LocalBuilder does, in seconds a build.
 */
export class ScriptedBuilder implements Builder {
  readonly requests: (BuildRequest & { sourceBytes: Buffer | null })[] = []
  readonly purged: string[] = []

  constructor(public script: BuildScript = {}) {}

  async build(request: BuildRequest): Promise<BuiltSlug> {
    const sourceBytes = request.source.kind === 'tarball' ? Buffer.concat(await (await request.source.open()).toArray()) : null
    this.requests.push({ ...request, sourceBytes })
    for (const line of this.script.lines ?? []) request.onLine(line)
    if (this.script.error) throw this.script.error
    const archive = Buffer.from(`slug of ${request.sourceVersion ?? 'an upload'}`)
    return {
      processTypes: this.script.processTypes ?? { web: 'node server.js' }, buildpackDescription: 'Scripted', sizeBytes: archive.length, runtimes: [],
      checksum: `SHA256:${createHash('sha256').update(archive).digest('hex')}`, open: () => Readable.from([archive]), dispose: async () => undefined,
    }
  }

  async purgeCache(appId: string): Promise<void> {
    this.purged.push(appId)
  }
}
