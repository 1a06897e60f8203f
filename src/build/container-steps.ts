import { randomUUID } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { checkSpawnSpec } from '../sandbox/check-spawn-spec.js'
import { runCommand, type RunOptions, type RunResult } from '../sandbox/run-command.js'
import type { BuildStep, BuildSteps } from './build-steps.js'
import { BuildError } from './builder.js'

/** The Docker CLI, pinned to one engine (`DockerEngine` is one). */
export interface StepEngine {
  readonly file: string
  readonly prefix: string[]
  run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }>
}

export interface ContainerStepsOptions {
  engine: StepEngine
  /** The stack image dynos run in. */
  image: string
  /** A bridge network Berth made and fences (a `bh…` bridge): the outside world, never this machine's services or another container. */
  network: string
  /** Labels every step's container, so a restarted server removes what a killed one left. */
  serverTag: string
  /** The build user: owns the workspace, never root. */
  user: { uid: number; gid: number }
  /** Berth's own Node.js and npm, at the end of PATH (`buildTools`). */
  tools: BuildTools
}

/** Berth's own Node.js and npm on this machine, and a directory of launchers for them (`buildTools`). */
export interface BuildTools {
  dir: string
  node: string
  npm: string | null
}

/** The label on build containers (its value: the server's tag). */
export const BUILD_LABEL = 'berth.build'
// Where Berth's tools appear: after the image's own directories on PATH, so a stack that has its
// own Node.js keeps it. The built-in buildpacks are Node programs, and a stack need not have one.
const TOOLS_DIR = '/usr/local/lib/berth'
// What `docker run` exits with when it could not run the container at all.
const DOCKER_RUN_FAILED = 125
// A build may start many processes (compilers, test runners), never unbounded numbers of them.
const BUILD_PIDS_LIMIT = 4096

/**
 * Each build step as a container of the stack image (ADR 0012): buildpacks compile against the OS
 * the dynos run on. Confined as the local sandbox confines a step: the build user, no capabilities,
 * a read-only root with only the workspace's mounts and /tmp writable, a fenced network.
 */
export class ContainerSteps implements BuildSteps {
  readonly needsNetwork = false
  constructor(private readonly options: ContainerStepsOptions) {}

  get where(): string {
    return `in the stack image ${this.options.image}`
  }

  /** Removes step containers a killed server left running. */
  async sweep(): Promise<void> {
    const { engine, serverTag } = this.options
    const left = await engine.run(['ps', '--all', '--quiet', '--filter', `label=${BUILD_LABEL}=${serverTag}`])
    const ids = left.stdout.split('\n').filter(Boolean)
    if (ids.length > 0) await engine.run(['rm', '--force', ...ids])
  }

  async run(step: BuildStep, options: RunOptions): Promise<RunResult> {
    const { engine } = this.options
    const name = `berth-build-${this.options.serverTag}-${randomUUID().slice(0, 12)}`
    const env = this.#env(step)
    const plan = { file: engine.file, args: [...engine.prefix, ...this.#args(step, name, env)], env, cwd: '/' }
    checkSpawnSpec(plan)
    const result = await runCommand(plan, options)
    // A step killed for its time, its output or an abort took only the CLI down: the container goes
    // too. (One that exited, even failing, such as a buildpack's detect, is gone already: --rm.)
    if (result.timedOut || result.overflowed || options.signal?.aborted) await engine.run(['rm', '--force', name])
    // docker run's own failure (no engine, no image), not the step's: never read as "detect found nothing".
    if (result.code === DOCKER_RUN_FAILED && !result.timedOut) {
      throw new BuildError(`Build failed: the Docker Engine could not run a build step in the stack image ${this.options.image} (its error is above).`)
    }
    return result
  }

  #args(step: BuildStep, name: string, env: Record<string, string>): string[] {
    const { image, network, serverTag, user, tools } = this.options
    const args = [
      'run', '--rm', '--pull', 'never', '--name', name, '--label', `${BUILD_LABEL}=${serverTag}`, '--network', network,
      '--user', `${user.uid}:${user.gid}`, '--cap-drop', 'ALL', '--security-opt', 'no-new-privileges',
      '--read-only', '--mount', 'type=tmpfs,destination=/tmp,tmpfs-mode=1777', '--pids-limit', String(BUILD_PIDS_LIMIT),
      '--init', '--workdir', step.cwd,
    ]
    const mounts = [
      ...step.mounts,
      { hostPath: tools.dir, path: TOOLS_DIR, writable: false },
      { hostPath: tools.node, path: `${TOOLS_DIR}/bin/node`, writable: false },
      ...(tools.npm ? [{ hostPath: tools.npm, path: `${TOOLS_DIR}/npm`, writable: false }] : []),
    ]
    for (const mount of mounts) {
      if (/[,=]/.test(mount.hostPath)) throw new Error(`cannot bind ${mount.hostPath} into a build container: it has a comma or an equals sign`)
      args.push('--mount', `type=bind,source=${mount.hostPath},target=${mount.path}${mount.writable ? '' : ',readonly'}`)
    }
    // Named only: the values travel in the CLI's own environment, never on a command line.
    for (const key of Object.keys(env)) args.push('--env', key)
    args.push(image, ...step.command)
    return args
  }

  #env(step: BuildStep): Record<string, string> {
    const path = step.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'
    return { ...step.env, PATH: `${path}:${TOOLS_DIR}/bin`, BERTH_TOOLS_DIR: TOOLS_DIR }
  }
}

/**
 * Lays out `dir` for Berth's tools inside build containers: mount points for its Node.js and npm,
 * and `npm`/`npx` launchers that run npm on Berth's Node.js (a stack's older Node may not run it).
 */
export async function buildTools(dir: string, node = process.execPath, npmCli = findOnPath('npm')): Promise<BuildTools> {
  const npm = npmCli ? dirname(dirname(realpathSync(npmCli))) : null
  await mkdir(join(dir, 'bin'), { recursive: true, mode: 0o755 })
  await mkdir(join(dir, 'npm'), { recursive: true, mode: 0o755 })
  await writeFile(join(dir, 'bin', 'node'), '', { mode: 0o755 })
  for (const name of ['npm', 'npx']) {
    await writeFile(join(dir, 'bin', name), `#!/bin/sh\nexec ${TOOLS_DIR}/bin/node ${TOOLS_DIR}/npm/bin/${name}-cli.js "$@"\n`, { mode: 0o755 })
    await chmod(join(dir, 'bin', name), 0o755)
  }
  return { dir, node, npm }
}

function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(':').filter(Boolean)) {
    try {
      return realpathSync(join(dir, name))
    } catch {
      // Not there.
    }
  }
  return null
}
