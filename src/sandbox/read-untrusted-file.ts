import { constants } from 'node:fs'
import { open } from 'node:fs/promises'

/** Why a file left by untrusted code was not read. It names the file, never its content. */
export class UntrustedFileError extends Error {}

const FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | constants.O_NOCTTY

/**
 * Reads a file that untrusted code (a build, an uploaded slug) had the chance to plant, as a
 * privileged process safely can: never through a symbolic link (O_NOFOLLOW), only a regular file
 * (a FIFO or a device would block or leak), with a single link (a hard link may reach a file the
 * untrusted code could not read itself), and at most `maxBytes`. `dir` must be a directory the
 * untrusted code cannot replace (its parent is not theirs), and `name` one path segment, so no
 * component of the path but the last is theirs. Returns null when there is no such file.
 */
export async function readUntrustedFile(dir: string, name: string, maxBytes: number): Promise<Buffer | null> {
  if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\0')) {
    throw new UntrustedFileError(`${JSON.stringify(name)} is not a file name`)
  }
  let handle
  try {
    handle = await open(`${dir}/${name}`, FLAGS)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    if (code === 'ELOOP') throw new UntrustedFileError(`${name} is a symbolic link`)
    throw new UntrustedFileError(`${name} could not be opened (${code ?? 'error'})`)
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw new UntrustedFileError(`${name} is not a regular file`)
    if (info.nlink !== 1) throw new UntrustedFileError(`${name} has other hard links`)
    if (info.size > maxBytes) throw new UntrustedFileError(`${name} is larger than ${maxBytes} bytes`)
    // Read one byte past the limit, in case the file grows after the stat.
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
      if (length > maxBytes) throw new UntrustedFileError(`${name} is larger than ${maxBytes} bytes`)
    }
    return buffer.subarray(0, length)
  } finally {
    await handle.close()
  }
}
