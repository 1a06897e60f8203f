import { parseRuntimeRef } from '../../runtimes/runtime-store.js'
import type { DynoSpec } from '../scheduler.js'

/** How a pod gets a runtime from Berth's store (ADR 0010, 0012): a capability URL of its tarball, and the tarball's sha256 (hex). */
export interface RuntimeSource {
  url: string
  sha256: string
}

/** Issues a runtime's source (`node@20.11.1`); the store may have to download and pack it first. */
export type RuntimeOf = (ref: string) => Promise<RuntimeSource>

/** The runtimes' sources by ref (`node@20.11.1`), for the planners, which do no I/O. */
export type RuntimeSources = ReadonlyMap<string, RuntimeSource>

// What reaches the init container's shell, one runtime a line: no whitespace or NUL in a URL.
const URL_TEXT = /^https?:\/\/[^\s\0]{1,2000}$/
const SHA256 = /^[0-9a-f]{64}$/

/**
 * The source of every runtime the specs' slugs run on, each asked for once. A spec that names a
 * runtime when the scheduler was given no `runtimeOf` is refused: its pods would start without it.
 */
export async function resolveRuntimeSources(specs: readonly DynoSpec[], runtimeOf: RuntimeOf | undefined): Promise<RuntimeSources> {
  const wanted = new Map<string, DynoSpec>()
  for (const spec of specs) for (const ref of spec.runtimes ?? []) if (!wanted.has(ref)) wanted.set(ref, spec)
  const sources = new Map<string, RuntimeSource>()
  for (const [ref, spec] of wanted) {
    if (!runtimeOf) {
      throw new Error(`${spec.appName}'s ${spec.name} runs on ${ref} from Berth's runtime store, and this scheduler has no way to deliver runtimes to pods: its pods would not find it`)
    }
    sources.set(ref, await runtimeOf(ref))
  }
  return sources
}

/** `node@20.11.1` → `node/20.11.1`: where the slug expects it under /runtime-store, and its place in the pod's runtimes volume. */
export function runtimePath(ref: string): string {
  const parsed = parseRuntimeRef(ref)
  if (!parsed) throw new Error(`${JSON.stringify(ref)} is not a runtime Berth provides`)
  return `${parsed.name}/${parsed.version}`
}

/** The source of a runtime a spec names, checked before any of it reaches a pod's shell. */
export function runtimeSourceOf(sources: RuntimeSources, ref: string): RuntimeSource & { path: string } {
  const source = sources.get(ref)
  if (!source) throw new Error(`no source was resolved for the runtime ${ref}`)
  if (!URL_TEXT.test(source.url)) throw new Error(`the URL of the runtime ${ref} is not an http(s) URL of at most 2000 characters without spaces`)
  if (!SHA256.test(source.sha256)) throw new Error(`the sha256 of the runtime ${ref} is not 64 lower-case hex digits`)
  return { ...source, path: runtimePath(ref) }
}
