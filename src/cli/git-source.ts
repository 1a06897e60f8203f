import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CliError } from './cli-error.js'
import type { CliContext } from './context.js'

const run = promisify(execFile)

/**
 * A git repository packed as the source an app setup reads: cloned here (its default branch, no
 * history), archived without `.git`, and uploaded through `POST /sources`. Resolves with the
 * source's GET URL for `source_blob.url`.
 */
export async function uploadGitSource(ctx: Pick<CliContext, 'api'>, gitUrl: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-from-'))
  try {
    const checkout = join(dir, 'repo')
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0' }
    await run('git', ['clone', '--quiet', '--depth', '1', '--', gitUrl, checkout], { env, timeout: 300_000 }).catch((error: { stderr?: string }) => {
      throw new CliError(`could not clone ${gitUrl}: ${(error.stderr ?? String(error)).trim()}`)
    })
    const archive = join(dir, 'source.tar.gz')
    await run('git', ['-C', checkout, 'archive', '--format=tar.gz', '-o', archive, 'HEAD'], { env })
    const { source_blob: blob } = await ctx.api.post<{ source_blob: { get_url: string; put_url: string } }>('/sources')
    const put = await fetch(blob.put_url, { method: 'PUT', body: await readFile(archive), headers: { 'Content-Type': '' } })
    if (!put.ok) throw new CliError(`could not upload the source: HTTP ${put.status} ${await put.text()}`)
    return blob.get_url
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
