import { planSandbox, type SandboxMount, type SandboxNetwork } from '../sandbox/plan-sandbox.js'
import { runCommand, type RunOptions, type RunResult } from '../sandbox/run-command.js'

/** One step of a build (a buildpack's detect, compile or release, the slug's packing): what it sees and runs. */
export interface BuildStep {
  mounts: SandboxMount[]
  command: string[]
  env: Record<string, string>
  /** A path inside the step's root. */
  cwd: string
  /** The build's own fenced network, when steps run on this machine's root (see `needsNetwork`). */
  network?: SandboxNetwork
}

/**
 * Where a build's steps run: a bubblewrap sandbox over this machine's system directories (the
 * default), or a container of the stack's image (`ContainerSteps`), so buildpacks see the dynos' OS.
 */
export interface BuildSteps {
  /** What the build log says about where it runs, or null for the default. */
  readonly where: string | null
  /** Whether each build needs a network namespace of its own from the fence (containers come with a fenced network). */
  readonly needsNetwork: boolean
  run(step: BuildStep, options: RunOptions): Promise<RunResult>
}

/** Steps in bubblewrap on this machine's root, as the build user (or unsandboxed without bwrap). */
export function sandboxSteps(bwrap: string | null, user: { uid: number; gid: number } | null): BuildSteps {
  return {
    where: null,
    needsNetwork: true,
    run: (step, options) => runCommand(planSandbox({ bwrap, user, ...step }), options),
  }
}
