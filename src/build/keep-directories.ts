import { lstat, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readUntrustedFile } from '../sandbox/read-untrusted-file.js'

/**
 * Berth extension to the buildpack API: a buildpack may list `<dir in BUILD_DIR> <dir in CACHE_DIR>`
 * lines in `$CACHE_DIR/.berth-keep`; once the slug is packed, Berth moves those directories into
 * the cache (a rename, instead of a copy inside the build). Names are single path segments and
 * sources must be real directories, since buildpacks are not trusted.
 */
export async function keepDirectories(app: string, cache: string): Promise<void> {
  const list = join(cache, '.berth-keep')
  const text = (await readUntrustedFile(cache, '.berth-keep', 4096).catch(() => null))?.toString('utf8') ?? ''
  await rm(list, { force: true })
  for (const line of text.split('\n')) {
    const [from, to, extra] = line.trim().split(/\s+/)
    if (!from || !to || extra !== undefined || ![from, to].every((name) => /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(name))) continue
    const source = join(app, from)
    if (!(await lstat(source).catch(() => null))?.isDirectory()) continue
    await rm(join(cache, to), { recursive: true, force: true })
    await rename(source, join(cache, to))
  }
}
