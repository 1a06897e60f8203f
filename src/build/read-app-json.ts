import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import * as tar from 'tar'
import { SourceRejectedError } from './extract-source.js'

export interface ReadAppJsonLimits {
  /** app.json's own size: a larger one is cut at one byte over, for the parser to refuse. */
  maxManifestBytes: number
  maxEntries: number
}

/**
 * The text of a source tarball's `app.json`, without unpacking anything: the one at its root, or
 * (as a build hoists the tarball's single top-level directory, GitHub's `repo-sha/` style) the
 * one in that directory. Null when there is none. Only a regular file counts: a link named
 * app.json is no manifest. Refuses an archive it cannot read or with more entries than allowed.
 */
export async function readAppJson(tarball: Readable, limits: ReadAppJsonLimits): Promise<string | null> {
  const topLevel = new Set<string>()
  const found = new Map<string, Buffer>()
  let entries = 0
  const parser = new tar.Parser({
    strict: true,
    onReadEntry: (entry) => {
      const path = entry.path.replace(/^(\.\/)+/, '').replace(/\/+$/, '')
      if (path === '' || path === '.') return entry.resume()
      if (++entries > limits.maxEntries) parser.abort(new SourceRejectedError(`The source has more than ${limits.maxEntries} files.`))
      const parts = path.split('/')
      topLevel.add(parts[0]!)
      const wanted = entry.type === 'File' && (parts.length === 1 || parts.length === 2) && parts.at(-1) === 'app.json'
      if (!wanted) return entry.resume()
      const chunks: Buffer[] = []
      let bytes = 0
      entry.on('data', (chunk: Buffer) => {
        if (bytes > limits.maxManifestBytes) return
        chunks.push(chunk)
        bytes += chunk.length
      })
      entry.on('end', () => found.set(parts.length === 1 ? '' : parts[0]!, Buffer.concat(chunks).subarray(0, limits.maxManifestBytes + 1)))
    },
  })
  try {
    await pipeline(tarball, parser)
  } catch (error) {
    if (error instanceof SourceRejectedError) throw error
    throw new SourceRejectedError(`The source archive could not be read: ${(error as Error).message}`)
  }
  const text = found.get('') ?? (topLevel.size === 1 ? found.get([...topLevel][0]!) : undefined)
  return text === undefined ? null : text.toString('utf8')
}
