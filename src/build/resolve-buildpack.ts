import { spawn } from 'node:child_process'
import { cp, readFile, realpath } from 'node:fs/promises'
import { basename, isAbsolute, join, sep } from 'node:path'
import { BuildError } from './builder.js'

import { BUILTIN_BUILDPACKS, builtinBuildpack } from '../core/builds/buildpack-names.js'
import { herokuBuildpackHint } from '../core/builds/heroku-buildpack-url.js'

export { BUILTIN_BUILDPACKS }

export interface BuildpackSources {
  builtinDir: string
  /** Directories local buildpacks may come from (BERTH_BUILDPACK_PATHS); others are refused. */
  allowedPaths: readonly string[]
}

/**
 * Copies a buildpack into `dest` so the sandbox sees only a private copy:
 * a built-in name, a local path under an allowed directory, or a git URL
 * (`https://host/repo.git#ref`).
 */
export async function resolveBuildpack(ref: string, dest: string, sources: BuildpackSources): Promise<void> {
  const builtin = builtinBuildpack(ref)
  if (builtin) return copy(join(sources.builtinDir, builtin), dest)
  if (isAbsolute(ref) || ref.startsWith('file://')) {
    const path = await realpath(ref.replace(/^file:\/\//, '')).catch(() => null)
    if (!path) throw new BuildError(`Buildpack ${ref} does not exist on this server.`)
    const allowed = await Promise.all(sources.allowedPaths.map((p) => realpath(p).catch(() => null)))
    if (!allowed.some((dir) => dir !== null && (path === dir || path.startsWith(dir + sep)))) {
      throw new BuildError(`Buildpack ${ref} is not under a directory the operator allows (BERTH_BUILDPACK_PATHS).`)
    }
    return copy(path, dest)
  }
  if (/^(https?|git):\/\//.test(ref)) return clone(ref, dest)
  throw new BuildError(`Unknown buildpack ${JSON.stringify(ref)}: use a built-in (${BUILTIN_BUILDPACKS.map((b) => `heroku/${b}`).join(', ')}), a git URL, or a local path.`)
}

async function copy(from: string, dest: string): Promise<void> {
  await cp(from, dest, { recursive: true, dereference: false, verbatimSymlinks: true })
}

function clone(ref: string, dest: string): Promise<void> {
  const [url, branch] = ref.split('#')
  const args = ['clone', '--quiet', '--depth', '1', ...(branch ? ['--branch', branch] : []), '--', url!, dest]
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    let stderr = ''
    child.stderr.on('data', (chunk) => { stderr += chunk })
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000)
    child.on('error', (error) => reject(new BuildError(`Could not fetch buildpack ${ref}: ${error.message}${hint(ref)}`)))
    child.on('close', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve()
      else reject(new BuildError(`Could not fetch buildpack ${ref}: ${stderr.trim().split('\n').pop() || `git exited with ${code}`}${hint(ref)}`))
    })
  })
}

function hint(ref: string): string {
  const text = herokuBuildpackHint(ref)
  return text === null ? '' : ` ${text}`
}

/** The descriptions of the built-ins (`buildpacks/<name>/description`), in detection order; a missing one is the name. */
export async function builtinDescriptions(builtinDir: string): Promise<string[]> {
  return Promise.all(BUILTIN_BUILDPACKS.map(async (name) =>
    (await readFile(join(builtinDir, name, 'description'), 'utf8').catch(() => '')).trim().split('\n')[0] || name))
}

export function buildpackName(ref: string): string {
  return builtinBuildpack(ref) ?? basename(ref.replace(/#.*$/, '').replace(/\.git$/, ''))
}
