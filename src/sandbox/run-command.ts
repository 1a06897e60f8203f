import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import { checkSpawnSpec } from './check-spawn-spec.js'
import type { SpawnSpec } from './plan-sandbox.js'

export interface RunOptions {
  /** Each line of stdout and stderr, as it arrives. */
  onLine?: (line: string) => void
  /** Also collect stdout (for `bin/detect` and `bin/release`), at most `maxStdoutBytes`. */
  captureStdout?: boolean
  /** Past this much collected stdout the command is killed and the run fails (default 64 KiB). */
  maxStdoutBytes?: number
  timeoutMs?: number
  signal?: AbortSignal
  /** An attached terminal: its input feeds stdin, stdout and stderr go to its output as they are (no lines). */
  io?: { input: Readable; output: Writable }
  /** Bytes for stdin (an archive to unpack); stderr still comes as lines. */
  stdin?: Readable
  /** Where stdout goes as bytes (an archive being packed) instead of lines. */
  stdout?: Writable
}

export interface RunResult {
  code: number
  stdout: string
  timedOut: boolean
  /** Captured stdout passed `maxStdoutBytes`: the command was killed. */
  overflowed: boolean
}

const DEFAULT_MAX_STDOUT_BYTES = 64 * 1024

/** Spawns a SpawnSpec in its own process group and streams its output line by line. */
export function runCommand(spec: SpawnSpec, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    checkSpawnSpec(spec)
    const stdin = options.io || options.stdin ? 'pipe' : 'ignore'
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd, env: spec.env, uid: spec.uid, gid: spec.gid, detached: true, stdio: [stdin, 'pipe', 'pipe'],
    })
    let stdout = ''
    let captured = 0
    let timedOut = false
    let overflowed = false
    const maxStdout = options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT_BYTES
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = options.timeoutMs ? setTimeout(() => { timedOut = true; kill() }, options.timeoutMs) : undefined
    options.signal?.addEventListener('abort', kill, { once: true })
    const input = options.io?.input ?? options.stdin
    if (input) {
      // The command may exit before reading all its input; that is its answer, not an error here.
      child.stdin!.on('error', () => {})
      input.on('error', kill)
      input.pipe(child.stdin!)
    }
    if (options.io) {
      const { output } = options.io
      for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => output.write(chunk))
    } else {
      if (options.stdout) child.stdout!.pipe(options.stdout)
      const lineStreams = options.stdout ? [child.stderr!] : [child.stdout!, child.stderr!]
      for (const stream of lineStreams) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          if (!options.captureStdout || stream !== child.stdout) return options.onLine?.(line)
          captured += Buffer.byteLength(line) + 1
          if (captured > maxStdout) {
            if (!overflowed) kill()
            overflowed = true
            return
          }
          stdout += `${line}\n`
        })
      }
    }
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', kill)
      resolve({ code: overflowed ? 1 : code ?? (signal ? 128 + 9 : 1), stdout, timedOut, overflowed })
    })
  })
}
