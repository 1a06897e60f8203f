import { copyFile, constants, link, mkdir, readdir } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'

/**
 * Links the objects of a push still in git's quarantine into the repository's object store, as git
 * itself does once every hook has passed. Doing it before the build is recorded as succeeded closes
 * the window in which a server killed after the release went live would lose the commit with the
 * git process that held it: at the next start the branch can then be moved to the deployed commit.
 * Objects already there are left alone; a push that later fails leaves only unreferenced objects.
 */
export async function keepPushedObjects(gitDir: string, quarantinePath: string): Promise<number> {
  const objects = resolve(gitDir, 'objects')
  const from = resolve(quarantinePath)
  const inside = relative(objects, from)
  if (inside === '' || inside.startsWith('..') || inside.startsWith(sep)) throw new Error('the quarantine is not inside the repository')
  return linkTree(from, objects)
}

async function linkTree(from: string, to: string): Promise<number> {
  let kept = 0
  // A pack's index last: git finds packs by their index, so it never sees one without its pack.
  const entries = (await readdir(from, { withFileTypes: true })).sort((a, b) => Number(a.name.endsWith('.idx')) - Number(b.name.endsWith('.idx')))
  for (const entry of entries) {
    const source = join(from, entry.name)
    const target = join(to, entry.name)
    // Only what git wrote: directories of objects and pack files; never follow a link.
    if (entry.isDirectory()) {
      await mkdir(target, { recursive: true })
      kept += await linkTree(source, target)
    } else if (entry.isFile()) {
      kept += (await linkOrCopy(source, target)) ? 1 : 0
    }
  }
  return kept
}

async function linkOrCopy(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EXDEV' && code !== 'EPERM') throw error
  }
  try {
    await copyFile(source, target, constants.COPYFILE_EXCL)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}
