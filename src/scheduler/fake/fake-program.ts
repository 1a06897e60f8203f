import type { DynoSpec } from '../scheduler.js'

/**
 * What a fake dyno's process does, in place of its command. Every field has a default: a web dyno
 * binds `$PORT` at once, a worker is up as it starts, a task exits 0, and SIGTERM ends it at once.
 */
export interface FakeProgram {
  /** Lines it prints as it starts (a task's output). */
  lines?: readonly string[]
  /** How long a web dyno takes to bind `$PORT`; at or past the boot timeout (Infinity: never) it fails with R10. */
  bootMs?: number
  /** Exits with this status as soon as it has started (a crash at boot). */
  exitAtBoot?: number
  /** On SIGTERM: the lines it prints, and when it exits (at or past the stop timeout: SIGKILL, R12). */
  onSigterm?: { lines?: readonly string[]; exitAfterMs?: number }
  /** A task's exit status (release phase, one-off). */
  exitCode?: number
  /** How long a task runs; past its timeout it is killed (status 137). */
  runMs?: number
}

/** Picks each dyno's program from its spec and the environment it starts with. */
export type FakeProgramOf = (spec: DynoSpec, env: Readonly<Record<string, string>>) => FakeProgram
