import { createInterface, type Interface } from 'node:readline'

let lines: AsyncIterator<string> | null = null
let reader: Interface | null = null

/**
 * Asks a question on the terminal (hiding the answer when asked), or reads the
 * next line of standard input when it is not a terminal, for scripts.
 */
export async function prompt(question: string, options: { hidden?: boolean } = {}): Promise<string> {
  const input = process.stdin
  if (!input.isTTY) {
    if (!reader) {
      reader = createInterface({ input, terminal: false })
      lines = reader[Symbol.asyncIterator]()
    }
    const next = await lines!.next()
    return next.done ? '' : next.value.trim()
  }
  const tty = createInterface({ input, output: process.stderr, terminal: true })
  if (options.hidden) {
    // Echo nothing while the answer is typed; the question itself is written before muting.
    const write = (tty as unknown as { _writeToOutput(text: string): void })
    process.stderr.write(question)
    write._writeToOutput = () => {}
    const answer = await new Promise<string>((resolve) => tty.question('', resolve))
    tty.close()
    process.stderr.write('\n')
    return answer.trim()
  }
  const answer = await new Promise<string>((resolve) => tty.question(question, resolve))
  tty.close()
  return answer.trim()
}

export function closePrompt(): void {
  reader?.close()
}
