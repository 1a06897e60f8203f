import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import { parseRuntimeRef, type RuntimeRef, type RuntimeStore } from '../runtimes/runtime-store.js'

/** Runtimes from Berth's store (ADR 0010) as other machines get them (ADR 0012): each packed once, by ref (`node@18.20.8`). */
export interface PackedRuntimes {
  /** The tarball, for the slug server to serve (`archives.runtime`). */
  open(ref: string): Promise<Readable>
  /** The tarball's sha256 (hex), once packed: the first time, after the store has downloaded the runtime. */
  sha256(ref: string): Promise<string>
}

/** The store's runtimes packed for the slug server and the dynos that fetch them; a ref that names no runtime Berth provides is an error. */
export function packedRuntimes(store: Pick<RuntimeStore, 'archive'>): PackedRuntimes {
  const packed = async (ref: string) => store.archive(runtimeRef(ref))
  return {
    open: async (ref) => createReadStream((await packed(ref)).path),
    sha256: async (ref) => (await packed(ref)).sha256,
  }
}

function runtimeRef(text: string): RuntimeRef {
  const ref = parseRuntimeRef(text)
  if (!ref) throw new Error(`${text} is not a runtime Berth provides`)
  return ref
}
