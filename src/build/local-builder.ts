import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describeProcessTypes, parseProcfile, type ProcessTypes } from '../core/procfile/parse-procfile.js'
import { stackTitle } from '../core/apps/stack.js'
import { configVarsProfileScript } from '../core/builds/config-vars-profile-script.js'
import { mergeBuildpackReleases } from '../core/builds/merge-buildpack-releases.js'
import { noLanguageDetectedMessage } from '../core/builds/no-language-detected.js'
import { parseBuildpackRelease, type BuildpackRelease } from '../core/builds/parse-buildpack-release.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { BuildError, type Builder, type BuildRequest, type BuiltSlug } from './builder.js'
import { keepDirectories } from './keep-directories.js'
import { packSlug } from './pack-slug.js'
import { extractSource, SourceRejectedError } from './extract-source.js'
import type { SandboxMount, SandboxNetwork } from '../sandbox/plan-sandbox.js'
import { BUILTIN_BUILDPACKS, buildpackName, builtinDescriptions, resolveBuildpack } from './resolve-buildpack.js'
import { builtinBuildpack } from '../core/builds/buildpack-names.js'
import { sandboxSteps, type BuildSteps } from './build-steps.js'
import type { FencedNetwork, NetworkFence } from '../sandbox/network-fence.js'
import { readUntrustedFile, UntrustedFileError } from '../sandbox/read-untrusted-file.js'
import { runtimeEnv, runtimeMounts } from '../sandbox/runtime-mounts.js'
import { RUNTIME_SOCKET_PATH, RuntimeRequests } from '../runtimes/runtime-requests.js'
import type { RuntimeStore } from '../runtimes/runtime-store.js'

export interface LocalBuilderOptions {
  /** Where workspaces and build caches live: outside the data dir, traversable by the build user. */
  workDir: string
  builtinDir: string
  allowedBuildpackPaths: readonly string[]
  bwrap: string | null
  user: { uid: number; gid: number } | null
  /** Gives each build a network of its own (the outside world, never this machine's services); null shares the host's. */
  network?: Pick<NetworkFence, 'open'> | null
  timeoutMs: number
  maxSlugBytes: number
  maxSourceBytes: number
  stack: string
  /** Runtimes the operator provides (BERTH_RUNTIMES_DIR), read-only at /runtimes. */
  runtimesDir?: string | null
  /** Runtimes Berth downloads on a build's request, read-only at /runtime-store (ADR 0010). */
  runtimeStore?: RuntimeStore | null
  /** Where each step runs (default: bubblewrap over this machine's root, as `user`). */
  steps?: BuildSteps
}

// Heroku's Procfiles are a few lines; this is generous and keeps a planted giant out of memory.
const MAX_PROCFILE_BYTES = 64 * 1024

// Sources the first $1 files, then runs the rest of the arguments (kept aside first, since a sourced
// file may change the positional parameters).
const SOURCE_EXPORTS = 'n=$1; shift; exports=("${@:1:n}"); shift "$n"; command=("$@"); for f in "${exports[@]}"; do . "$f"; done; exec "${command[@]}"'

interface Workspace {
  root: string
  app: string
  env: string
  cache: string
  /** The build's own network, when builds are fenced. */
  network?: SandboxNetwork
  /** The socket its buildpacks ask the runtime store on. */
  runtimeSocket?: string
}

/** Builds on this machine with classic buildpacks, each step in a bubblewrap sandbox as an unprivileged user. */
export class LocalBuilder implements Builder {
  readonly #steps: BuildSteps

  constructor(private readonly options: LocalBuilderOptions) {
    this.#steps = options.steps ?? sandboxSteps(options.bwrap, options.user)
  }

  async build(request: BuildRequest): Promise<BuiltSlug> {
    const deadline = Date.now() + this.options.timeoutMs
    const ws = await this.#workspace(request)
    let net: FencedNetwork | undefined
    let runtimes: RuntimeRequests | undefined
    try {
      if (this.#steps.needsNetwork) net = await this.options.network?.open()
      ws.network = net
      if (this.options.runtimeStore) {
        ws.runtimeSocket = join(ws.root, 'runtime.sock')
        runtimes = await RuntimeRequests.listen(ws.runtimeSocket, this.options.runtimeStore, request.onLine)
      }
      request.onLine(`-----> Building on the ${stackTitle(request.stack ?? this.options.stack)} stack${this.#steps.where ? `, ${this.#steps.where}` : ''}`)
      if (this.options.bwrap === null && !this.options.steps) request.onLine(' !     bubblewrap (bwrap) is not installed: this build runs without a sandbox.')
      await this.#extract(request, ws)
      await this.#own(ws.app)
      const packs = await this.#buildpacks(request, ws, deadline)
      const releases: BuildpackRelease[] = []
      for (const [index, pack] of packs.entries()) {
        request.onLine(`-----> ${pack.name} app detected`)
        const compile = await this.#compile(ws, packs, index, request, deadline)
        if (compile.timedOut) throw this.#timedOut()
        if (compile.code !== 0) throw new BuildError(`Build failed: the ${pack.name} buildpack's compile step exited with status ${compile.code}.`)
        const release = await this.#run(ws, pack.dir, ['/buildpack/bin/release', '/app'], request, deadline, true)
        if (release.overflowed) throw new BuildError(`Build failed: the ${pack.name} buildpack's release step printed more than 64 KB.`)
        releases.push(parseBuildpackRelease(release.stdout))
      }
      const merged = mergeBuildpackReleases(releases)
      await this.#writeConfigVars(ws, merged.configVars, request, deadline)
      const processTypes = await this.#processTypes(ws, merged.processTypes, request)
      const description = packs.map((p) => p.name).join(', ')
      const slug = await packSlug({ root: ws.root, app: ws.app, steps: this.#steps, maxSlugBytes: this.options.maxSlugBytes, processTypes, description, deadline }, request)
      await keepDirectories(ws.app, ws.cache)
      return { ...slug, runtimes: runtimes?.provided ?? [] }
    } catch (error) {
      await rm(ws.root, { recursive: true, force: true })
      if (error instanceof SourceRejectedError || error instanceof UntrustedFileError || (error instanceof PlatformError && error.id === 'invalid_params')) {
        throw new BuildError(error.message)
      }
      throw error
    } finally {
      await runtimes?.close()
      await net?.close()
    }
  }

  #timedOut(): BuildError {
    return new BuildError(`Build timed out after ${Math.round(this.options.timeoutMs / 60_000)} minutes.`)
  }

  async purgeCache(appId: string): Promise<void> {
    await rm(join(this.options.workDir, 'cache', appId), { recursive: true, force: true })
  }

  async #workspace(request: BuildRequest): Promise<Workspace> {
    // Traversable (not listable) by the build user, which must reach its own workspace and cache.
    await mkdir(join(this.options.workDir, 'cache'), { recursive: true, mode: 0o711 })
    await chmod(this.options.workDir, 0o711)
    await chmod(join(this.options.workDir, 'cache'), 0o711)
    const root = await mkdtemp(join(this.options.workDir, 'build-'))
    await chmod(root, 0o711)
    const ws = { root, app: join(root, 'app'), env: join(root, 'env'), cache: join(this.options.workDir, 'cache', request.appId) }
    await mkdir(ws.app, { mode: 0o700 })
    await mkdir(ws.env, { mode: 0o700 })
    const newCache = !existsSync(ws.cache)
    await mkdir(ws.cache, { recursive: true, mode: 0o700 })
    for (const [key, value] of Object.entries(request.configVars)) await writeFile(join(ws.env, key), value, { mode: 0o600 })
    await this.#own(ws.env)
    // Everything inside the cache is written by the build user; only a new cache needs handing over.
    if (newCache) await this.#own(ws.cache)
    // A keep list left by a build that failed after writing it must not apply to this one.
    await rm(join(ws.cache, '.berth-keep'), { force: true })
    return ws
  }

  async #extract(request: BuildRequest, ws: Workspace): Promise<void> {
    const limits = { maxBytes: this.options.maxSourceBytes, maxEntries: 200_000 }
    if (request.source.kind === 'tarball') {
      await extractSource(await request.source.open(), ws.app, { gzip: true, hoist: true, limits })
      return
    }
    const { gitDir, commit, gitEnv } = request.source
    const child = spawn('git', ['archive', '--format=tar', commit], { cwd: gitDir, env: { ...process.env, ...gitEnv }, stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += chunk })
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)))
    await extractSource(child.stdout, ws.app, { gzip: false, hoist: false, limits })
    if ((await exited) !== 0) throw new BuildError(`Could not read commit ${commit.slice(0, 8)}: ${stderr.trim()}`)
  }

  async #buildpacks(request: BuildRequest, ws: Workspace, deadline: number): Promise<{ name: string; dir: string }[]> {
    const sources = { builtinDir: this.options.builtinDir, allowedPaths: this.options.allowedBuildpackPaths }
    const explicit = request.buildpacks.length > 0
    const refs = explicit ? request.buildpacks : [...BUILTIN_BUILDPACKS]
    const packs: { name: string; dir: string }[] = []
    for (const [index, ref] of refs.entries()) {
      const dir = join(ws.root, `buildpack-${index}`)
      // A built-in is Berth's own and mounted read-only, so its detect runs where it is installed:
      // only a buildpack that compiles needs a private copy (for its `export` file).
      const builtin = builtinBuildpack(ref)
      if (!builtin) await resolveBuildpack(ref, dir, sources)
      const detect = await this.#run(ws, builtin ? join(this.options.builtinDir, builtin) : dir, ['/buildpack/bin/detect', '/app'], request, deadline, true)
      if (detect.timedOut) throw this.#timedOut()
      const name = detect.stdout.trim().split('\n')[0] || buildpackName(ref)
      if (detect.code === 0 && builtin) await resolveBuildpack(ref, dir, sources)
      if (detect.code === 0) packs.push({ name, dir })
      else if (explicit) throw new BuildError(`App not compatible with buildpack: ${ref} (its detect step found nothing to build).`)
      if (!explicit && detect.code === 0) break
    }
    if (packs.length === 0) throw new BuildError(noLanguageDetectedMessage(await builtinDescriptions(this.options.builtinDir)))
    return packs
  }

  /**
   * Heroku compat: a buildpack may leave shell `export` lines in its own directory's `export` file
   * for the buildpacks after it (Node's PATH for a Python build's asset step): each compile sources
   * the export files of those before it. /buildpack stays read-only apart from that one file.
   */
  async #compile(ws: Workspace, packs: readonly { name: string; dir: string }[], index: number, request: BuildRequest, deadline: number) {
    const pack = packs[index]!
    const exportFile = join(pack.dir, 'export')
    // A fetched buildpack may carry an `export` of its own (even a link): replaced, never followed.
    await rm(exportFile, { recursive: true, force: true })
    await writeFile(exportFile, '', { mode: 0o644, flag: 'wx' })
    await this.#own(exportFile)
    const earlier = packs.slice(0, index).map((p, i) => ({ hostPath: join(p.dir, 'export'), path: `/buildpack-exports/${i}`, writable: false }))
    const compile = ['/buildpack/bin/compile', '/app', '/cache', '/env']
    const command = earlier.length === 0 ? compile : ['/bin/bash', '-c', SOURCE_EXPORTS, 'compile', String(earlier.length), ...earlier.map((m) => m.path), ...compile]
    return this.#run(ws, pack.dir, command, request, deadline, false, [{ hostPath: exportFile, path: '/buildpack/export', writable: true }, ...earlier])
  }

  /** Config vars the buildpacks' bin/release declared reach dynos as defaults, through a `.profile.d` script in the slug. */
  async #writeConfigVars(ws: Workspace, configVars: Record<string, string>, request: BuildRequest, deadline: number): Promise<void> {
    const script = configVarsProfileScript(configVars)
    if (script === null) return
    const scriptFile = join(ws.root, 'release-config-vars.sh')
    await writeFile(scriptFile, script, { mode: 0o644 })
    // Copied by the build user inside the sandbox: /app is the build's, and may hold planted links.
    const result = await this.#steps.run({
      cwd: '/app', env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' },
      mounts: [{ hostPath: ws.app, path: '/app', writable: true }, { hostPath: scriptFile, path: '/release-config-vars.sh', writable: false }],
      command: ['/bin/sh', '-c', 'mkdir -p "$2/.profile.d" && cp "$1" "$2/.profile.d/000-buildpack-config-vars.sh"', 'copy', '/release-config-vars.sh', '/app'],
    }, { onLine: request.onLine, timeoutMs: Math.max(1, deadline - Date.now()), signal: request.signal })
    if (result.code !== 0) throw new BuildError('Build failed: could not write the config vars the buildpacks declared into .profile.d.')
  }

  #run(ws: Workspace, buildpackDir: string, command: string[], request: BuildRequest, deadline: number, captureStdout = false, extraMounts: SandboxMount[] = []) {
    const mounts: SandboxMount[] = [
      { hostPath: ws.app, path: '/app', writable: true },
      { hostPath: ws.cache, path: '/cache', writable: true },
      { hostPath: ws.env, path: '/env', writable: false },
      { hostPath: buildpackDir, path: '/buildpack', writable: false },
      ...extraMounts,
      ...runtimeMounts(this.#runtimeDirs),
      ...(ws.runtimeSocket ? [{ hostPath: ws.runtimeSocket, path: RUNTIME_SOCKET_PATH, writable: true }] : []),
    ]
    const env = {
      PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/app', LANG: 'C.UTF-8', STACK: request.stack ?? this.options.stack,
      SOURCE_VERSION: request.sourceVersion ?? '', TMPDIR: '/tmp', ...runtimeEnv(this.#runtimeDirs),
      ...(ws.runtimeSocket ? { BERTH_RUNTIME_SOCKET: RUNTIME_SOCKET_PATH } : {}),
    }
    return this.#steps.run({ mounts, command, env, cwd: '/app', network: ws.network }, { onLine: request.onLine, captureStdout, timeoutMs: Math.max(1, deadline - Date.now()), signal: request.signal })
  }

  get #runtimeDirs() {
    return { operatorDir: this.options.runtimesDir ?? null, storeDir: this.options.runtimeStore?.dir ?? null }
  }

  async #processTypes(ws: Workspace, defaults: ProcessTypes, request: BuildRequest): Promise<ProcessTypes> {
    request.onLine('-----> Discovering process types')
    // Left by the build: read without following links, and never echoed (it could be anything).
    const procfile = await readUntrustedFile(ws.app, 'Procfile', MAX_PROCFILE_BYTES)
    const declared = procfile === null ? null : parseProcfile(procfile.toString('utf8'))
    const types = { ...defaults, ...declared }
    if (declared) request.onLine(`       Procfile declares types -> ${describeProcessTypes(declared)}`)
    if (Object.keys(defaults).length > 0) request.onLine(`       Default types for buildpack -> ${describeProcessTypes(defaults)}`)
    if (Object.keys(types).length === 0) request.onLine(' !     No process types: add a Procfile (for example `web: node server.js`).')
    return types
  }

  async #own(path: string): Promise<void> {
    const user = this.options.user
    if (!user) return
    await chown(path, user.uid, user.gid)
    await new Promise<void>((resolve, reject) => {
      const child = spawn('chown', ['-R', `${user.uid}:${user.gid}`, path], { stdio: 'ignore' })
      child.on('error', reject)
      child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`chown exited with ${code}`))))
    })
  }
}
