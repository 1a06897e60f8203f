import type { ServerResponse } from 'node:http'

/**
 * Writes each line to a response until the lines run out or the response closes (the client left,
 * or the stream was ended early), waiting for the client when it reads slowly; then ends it.
 */
export async function streamLines(res: ServerResponse, lines: AsyncIterable<string>, encode: (line: string) => string): Promise<void> {
  const closed = new Promise<void>((resolve) => res.once('close', resolve))
  for await (const line of lines) {
    if (res.writableEnded || res.destroyed) return
    if (!res.write(encode(line))) await Promise.race([new Promise((resolve) => res.once('drain', resolve)), closed])
  }
  if (!res.writableEnded) res.end()
}
