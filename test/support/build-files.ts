import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import type { Builder, BuiltSlug } from '../../src/build/builder.js'

/** Builds an app made of `files` (name → text) as an uploaded tarball with the given buildpacks; returns the slug (disposed) and the build's output lines. */
export async function buildFiles(builder: Builder, input: { appId: string; files: Record<string, string>; buildpacks: string[]; configVars?: Record<string, string> }): Promise<{ slug: BuiltSlug; lines: string[] }> {
  const app = mkdtempSync(join(tmpdir(), 'berth-build-files-'))
  for (const [name, text] of Object.entries(input.files)) writeFileSync(join(app, name), text)
  const tgz = spawnSync('tar', ['-czf', '-', '-C', app, '.']).stdout
  rmSync(app, { recursive: true, force: true })
  const lines: string[] = []
  const slug = await builder.build({
    appId: input.appId, source: { kind: 'tarball', open: async () => Readable.from([tgz]) }, buildpacks: input.buildpacks,
    configVars: input.configVars ?? {}, sourceVersion: null, onLine: (line) => lines.push(line),
  })
  await slug.dispose()
  return { slug, lines }
}
