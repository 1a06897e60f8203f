import type { Readable } from 'node:stream'
import type { BlobStore } from '../blobs/blob-store.js'
import { blobKeys } from '../blobs/blob-keys.js'

/** Where a build's output lines go while it runs. */
export interface BuildOutputSink {
  append(buildId: string, line: string): void
  /** The build is over: keep its output and wake the readers. */
  finish(buildId: string): Promise<void>
}

interface LiveOutput {
  lines: string[]
  done: boolean
  waiters: Set<() => void>
}

/**
 * Build output: in memory while a build runs (so readers can follow it line by
 * line), then kept as a blob (`builds/<id>.log`).
 */
export class BuildOutputs implements BuildOutputSink {
  readonly #live = new Map<string, LiveOutput>()

  /** `key` names where a finished output is kept: `blobKeys.buildOutput` or `blobKeys.releaseOutput`. */
  constructor(
    private readonly blobs: BlobStore,
    private readonly key: (id: string) => string = blobKeys.buildOutput,
  ) {}

  append(buildId: string, line: string): void {
    const output = this.#output(buildId)
    output.lines.push(line)
    this.#wake(output)
  }

  async finish(buildId: string): Promise<void> {
    const output = this.#output(buildId)
    await this.blobs.put(this.key(buildId), Buffer.from(output.lines.map((l) => `${l}\n`).join('')))
    output.done = true
    this.#wake(output)
    // Readers that started before the end still hold the object; new ones read the blob.
    this.#live.delete(buildId)
  }

  /** Whether anything was written for this id (so far or in the past). */
  async exists(id: string): Promise<boolean> {
    return this.#live.has(id) || this.blobs.exists(this.key(id))
  }

  /** Every line so far, then each new line until the build ends; nothing if the id is unknown. */
  async *follow(buildId: string): AsyncGenerator<string> {
    const output = this.#live.get(buildId)
    if (!output) {
      const stored = await this.blobs.get(this.key(buildId))
      if (stored) yield* readLines(stored)
      return
    }
    let index = 0
    for (;;) {
      while (index < output.lines.length) yield output.lines[index++]!
      if (output.done) return
      await new Promise<void>((resolve) => output.waiters.add(resolve))
    }
  }

  #output(buildId: string): LiveOutput {
    let output = this.#live.get(buildId)
    if (!output) {
      output = { lines: [], done: false, waiters: new Set() }
      this.#live.set(buildId, output)
    }
    return output
  }

  #wake(output: LiveOutput): void {
    for (const wake of output.waiters) wake()
    output.waiters.clear()
  }
}

async function* readLines(stream: Readable): AsyncGenerator<string> {
  let rest = ''
  for await (const chunk of stream) {
    rest += chunk
    const lines = rest.split('\n')
    rest = lines.pop() ?? ''
    yield* lines
  }
  if (rest) yield rest
}
