import { spawnSync } from 'node:child_process'

const FIXTURES = new URL('../fixtures/apps/', import.meta.url).pathname

/** A fixture app packed as a slug archive (a gzipped tarball of the app directory). */
export function slugArchive(fixture: string): Buffer {
  const result = spawnSync('tar', ['-czf', '-', '-C', `${FIXTURES}${fixture}`, '.'])
  if (result.status !== 0) throw new Error(result.stderr.toString())
  return result.stdout
}

/** Uploads an archive to a slug's `blob.url`, as Heroku's Slug API flow does. */
export async function uploadSlugArchive(blobUrl: string, fixture: string): Promise<void> {
  const response = await fetch(blobUrl, { method: 'PUT', body: slugArchive(fixture) })
  if (response.status !== 200) throw new Error(`slug upload failed: ${response.status} ${await response.text()}`)
}
