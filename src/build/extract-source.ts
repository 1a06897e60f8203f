import { formatBytes } from '../core/format-bytes.js'
import { readdir, rename, rmdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import * as tar from 'tar'
import { archiveEntryProblem } from '../core/builds/check-archive-entry.js'

/** A source archive Berth will not unpack; the message says why. */
export class SourceRejectedError extends Error {}

export interface ExtractLimits {
  /** Total unpacked bytes: stops tarball bombs. */
  maxBytes: number
  maxEntries: number
}

/**
 * Unpacks a tar (gzipped or not) into `destDir`, refusing the whole archive if
 * any entry is absolute, climbs out with `..`, is a link leaving the tree, or a
 * device, or if it unpacks to more than the limits allow.
 */
export async function extractSource(input: Readable, destDir: string, options: { gzip: boolean; hoist: boolean; limits: ExtractLimits }): Promise<void> {
  const { maxBytes, maxEntries } = options.limits
  let unpackedBytes = 0
  let entries = 0
  let problem: SourceRejectedError | null = null
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpackedBytes += chunk.length
      if (unpackedBytes > maxBytes) return done(new SourceRejectedError(`The source unpacks to more than ${formatBytes(maxBytes)}.`))
      done(null, chunk)
    },
  })
  const unpack = tar.x({
    cwd: destDir,
    strict: true,
    noChmod: false,
    preserveOwner: false,
    filter: (path, stats) => {
      if (problem) return false
      const entry = stats as tar.ReadEntry
      const reason = archiveEntryProblem({ path, type: entry.type, linkpath: entry.linkpath })
      if (reason === null && ++entries > maxEntries) problem = new SourceRejectedError(`The source has more than ${maxEntries} files.`)
      else if (reason !== null) problem = new SourceRejectedError(`The source archive was rejected: ${reason}.`)
      return problem === null
    },
  })
  try {
    await pipeline(options.gzip ? [input, createGunzip(), meter, unpack] : [input, meter, unpack] as never)
  } catch (error) {
    if (error instanceof SourceRejectedError) throw error
    if (problem) throw problem
    throw new SourceRejectedError(`The source archive could not be unpacked: ${(error as Error).message}`)
  }
  if (problem) throw problem
  if (options.hoist) await hoistSingleDirectory(destDir)
}

// Heroku compat: a tarball whose only entry is one directory (`myapp/…`) builds that directory.
async function hoistSingleDirectory(dir: string): Promise<void> {
  const names = await readdir(dir)
  if (names.length !== 1) return
  const inner = join(dir, names[0]!)
  if (!(await stat(inner)).isDirectory()) return
  for (const name of await readdir(inner)) await rename(join(inner, name), join(dir, name))
  await rmdir(inner)
}

