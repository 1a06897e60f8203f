import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import type { Readable, Writable } from 'node:stream'
import type { SpawnSpec } from './plan-sandbox.js'

export interface RunOptions {
  /** Each line of stdout and stderr, as it arrives. */
  onLine?: (line: string) => void
  /** Also collect stdout (for `bin/detect` and `bin/release`). */
  captureStdout?: boolean
  timeoutMs?: number
  signal?: AbortSignal
  /** An attached terminal: its input feeds stdin, stdout and stderr go to its output as they are (no lines). */
  io?: { input: Readable; output: Writable }
}

export interface RunResult {
  code: number
  stdout: string
  timedOut: boolean
}

/** Spawns a SpawnSpec in its own process group and streams its output line by line. */
export function runCommand(spec: SpawnSpec, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(spec.file, spec.args, {
      cwd: spec.cwd, env: spec.env, uid: spec.uid, gid: spec.gid, detached: true, stdio: [options.io ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let timedOut = false
    const kill = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL')
      } catch {
        // Already gone.
      }
    }
    const timer = options.timeoutMs ? setTimeout(() => { timedOut = true; kill() }, options.timeoutMs) : undefined
    options.signal?.addEventListener('abort', kill, { once: true })
    const outputs = [child.stdout!, child.stderr!]
    if (options.io) {
      const { input, output } = options.io
      child.stdin!.on('error', () => {})
      input.pipe(child.stdin!)
      for (const stream of outputs) stream.on('data', (chunk: Buffer) => output.write(chunk))
    }
    for (const stream of options.io ? [] : outputs) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        if (options.captureStdout && stream === child.stdout) stdout += `${line}\n`
        else options.onLine?.(line)
      })
    }
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', kill)
      resolve({ code: code ?? (signal ? 128 + 9 : 1), stdout, timedOut })
    })
  })
}
