import { posix } from 'node:path'

export interface ArchiveEntry {
  path: string
  type: string
  linkpath?: string
}

const ALLOWED_TYPES = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link'])

function escapes(path: string): boolean {
  const normal = posix.normalize(path)
  return normal === '..' || normal.startsWith('../')
}

/**
 * Why an archive entry may not be unpacked into a source tree, or null if it
 * may: no absolute paths, nothing that climbs out with `..`, links that stay
 * inside the tree, and only files, directories and links.
 */
export function archiveEntryProblem(entry: ArchiveEntry): string | null {
  const path = entry.path.replace(/^\.\//, '')
  if (posix.isAbsolute(entry.path)) return `${entry.path}: absolute paths are not allowed`
  if (escapes(path)) return `${entry.path}: the path leaves the source tree`
  if (!ALLOWED_TYPES.has(entry.type)) return `${entry.path}: ${entry.type} entries are not allowed`
  if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
    const target = entry.linkpath ?? ''
    if (posix.isAbsolute(target)) return `${entry.path}: links to absolute paths (${target}) are not allowed`
    const resolved = entry.type === 'Link' ? target : posix.join(posix.dirname(path), target)
    if (escapes(resolved)) return `${entry.path}: the link points outside the source tree (${target})`
  }
  return null
}
