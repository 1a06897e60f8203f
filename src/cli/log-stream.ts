import type { CliContext } from './context.js'
import { appPath } from './paths.js'

export interface LogSessionOptions {
  lines?: number
  tail?: boolean
  dyno?: string
  source?: string
  release?: string
}

/** Opens a log session and yields its lines (`<time> app[web.1]: …`) until it ends or `signal` aborts. */
export async function* logLines(ctx: CliContext, app: string, options: LogSessionOptions, signal?: AbortSignal): AsyncGenerator<string> {
  const session = await ctx.api.post<{ logplex_url: string }>(appPath(app, '/log-sessions'), options)
  const response = await ctx.api.stream(session.logplex_url, { headers: { Accept: 'text/plain' }, signal })
  let buffered = ''
  const decoder = new TextDecoder()
  try {
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true })
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      yield* lines
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error
  }
  if (buffered) yield buffered
}
