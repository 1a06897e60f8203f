import { lstat, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readUntrustedFile } from '../sandbox/read-untrusted-file.js'

// A file name: no separators, and neither `.` nor `..`.
const isName = (name: string) => /^[A-Za-z0-9._-]+$/.test(name) && name !== '.' && name !== '..'

/** `relative` under `root` when each of its segments is a real directory (no link anywhere on the way), else null. */
async function realDirectory(root: string, relative: string): Promise<string | null> {
  let path = root
  for (const name of relative.split('/')) {
    if (!isName(name)) return null
    path = join(path, name)
    if (!(await lstat(path).catch(() => null))?.isDirectory()) return null
  }
  return path
}

/**
 * Berth extension to the buildpack API: a buildpack may list `<dir in BUILD_DIR> <dir in CACHE_DIR>`
 * lines in `$CACHE_DIR/.berth-keep`; once the slug is packed, Berth moves those directories into
 * the cache (a rename, instead of a copy inside the build). Buildpacks are not trusted: the source
 * is a relative path whose every segment must be a real directory (nothing runs in the build
 * directory any more, so none can be swapped for a link), and the target a single name in the
 * cache, which later builds of the app write to.
 */
export async function keepDirectories(app: string, cache: string): Promise<void> {
  const list = join(cache, '.berth-keep')
  const text = (await readUntrustedFile(cache, '.berth-keep', 4096).catch(() => null))?.toString('utf8') ?? ''
  await rm(list, { force: true })
  for (const line of text.split('\n')) {
    const [from, to, extra] = line.trim().split(/\s+/)
    if (!from || !to || extra !== undefined || !isName(to)) continue
    const source = await realDirectory(app, from)
    if (source === null) continue
    await rm(join(cache, to), { recursive: true, force: true })
    await rename(source, join(cache, to))
  }
}
