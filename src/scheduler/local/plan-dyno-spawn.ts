import { enterCgroups, planSandbox, type SandboxNetwork, type SpawnSpec } from '../../sandbox/plan-sandbox.js'
import { runtimeMounts, type RuntimeDirs } from '../../sandbox/runtime-mounts.js'
import { dynoCommand, planDynoEnv } from '../plan-dyno-env.js'
import type { DynoSpec } from '../scheduler.js'

export interface DynoSpawnInput {
  spec: DynoSpec
  /** The unpacked slug, mounted read-only at /app. */
  slugDir: string
  port: number | null
  bwrap: string | null
  user: { uid: number; gid: number } | null
  /** The dyno's own network, when dynos are fenced. */
  network?: SandboxNetwork
  /** Its cgroups' `cgroup.procs` files, joined before anything runs. */
  cgroupProcs: readonly string[]
  /** The runtimes' directories, read-only at /runtimes and /runtime-store as in builds. */
  runtimes?: RuntimeDirs | null
  /** Put in the environment so a leftover dyno can be recognised after a crash. */
  marker: string
}

/** Everything about starting a dyno, computed: argv (cgroups, namespace, sandbox, wrapper), env, user. */
export function planDynoSpawn(input: DynoSpawnInput): SpawnSpec {
  const sandboxed = planSandbox({
    bwrap: input.bwrap, user: input.user, cwd: '/app', network: input.network,
    mounts: [{ hostPath: input.slugDir, path: '/app', writable: false }, ...runtimeMounts(input.runtimes)],
    command: dynoCommand(input.spec.command),
    env: { ...planDynoEnv(input.spec, input.port), BERTH_DYNO_ID: input.marker },
  })
  return enterCgroups(sandboxed, input.cgroupProcs)
}
