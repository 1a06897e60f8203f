import type { ServerResponse } from 'node:http'
import { isAbsolute, resolve } from 'node:path'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Readable } from 'node:stream'
import type { Account } from '../core/accounts/account.js'
import { PlatformError } from '../core/errors/platform-error.js'
import { parseRefUpdates, planPush } from '../core/git/plan-push.js'
import type { Services } from '../services/index.js'
import { readAuthorization } from '../credentials/read-authorization.js'
import { formatBytes } from '../core/format-bytes.js'
import { keepPushedObjects } from './keep-pushed-objects.js'
import { directoryBytes, type GitRepos } from './git-repos.js'
import { runHttpBackend } from './http-backend.js'
import type { PushSessions } from './push-sessions.js'

// The pre-receive hook's protocol (git-hooks/pre-receive): output lines, a `\0ping` line now and
// then so the hook can tell a silent build from a dead server, and one final `\0exit <code>` line.
// The hook lets git move the ref only on `\0exit 0` followed by a clean end of the response.
const PING_MS = 10_000

export interface GitContext {
  services: Services
  repos: GitRepos
  sessions: PushSessions
  /** Long responses the server ends at shutdown (the API's open streams): a push waiting for its build. */
  streams: { track(res: ServerResponse, options: { end(): void }): void }
  /** Where the pre-receive hook reaches this server (a loopback URL). */
  hookUrl: () => string
  webUrl: (appName: string) => string
  maxRepoBytes: number
}

type RepoParams = { Params: { repo: string } }
const ZERO_SHA = /^0+$/
const QUARANTINE_KEYS = ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH']

/** Smart HTTP at `/<app>.git` on the API port, plus the endpoint Berth's pre-receive hook calls. */
export function gitRoutes(ctx: GitContext) {
  return (app: FastifyInstance): void => {
    // Pack data streams straight to git; it is never parsed or buffered.
    app.addContentTypeParser(['application/x-git-upload-pack-request', 'application/x-git-receive-pack-request'], (_request, payload, done) => done(null, payload))
    app.get<RepoParams>('/:repo/info/refs', { config: { public: true } }, (request, reply) => serveGit(ctx, request, reply, 'info/refs'))
    app.post<RepoParams>('/:repo/git-upload-pack', { config: { public: true } }, (request, reply) => serveGit(ctx, request, reply, 'git-upload-pack'))
    app.post<RepoParams>('/:repo/git-receive-pack', { config: { public: true } }, (request, reply) => serveGit(ctx, request, reply, 'git-receive-pack'))
    app.post('/internal/git/pre-receive', { config: { public: true } }, (request, reply) => preReceive(ctx, request, reply))
  }
}

async function gitCaller(ctx: GitContext, request: FastifyRequest): Promise<Account | null> {
  const presented = readAuthorization(request.headers.authorization)
  const token = presented.kind === 'basic' ? presented.password : presented.kind === 'token' ? presented.token : ''
  if (!token) return null
  try {
    return (await ctx.services.authenticate(token)).account
  } catch {
    return null
  }
}

async function serveGit(ctx: GitContext, request: FastifyRequest<RepoParams>, reply: FastifyReply, action: string): Promise<void> {
  const account = await gitCaller(ctx, request)
  if (!account) {
    // Heroku compat: any user name, the API token as the password.
    return void reply.status(401).header('WWW-Authenticate', 'Basic realm="Berth"').type('text/plain').send('Authenticate with your Berth API token as the password.\n')
  }
  let gitDir: string
  let appId: string
  let app
  try {
    app = await ctx.services.getApp(account, request.params.repo.replace(/\.git$/, ''))
    appId = app.id
    gitDir = await ctx.repos.ensure(app.id)
  } catch (error) {
    if (!(error instanceof PlatformError)) throw error
    return void reply.status(error.id === 'not_found' ? 404 : 403).type('text/plain').send(`${error.message}\n`)
  }
  const session = action === 'git-receive-pack' ? ctx.sessions.open(app, account, gitDir) : null
  const env: Record<string, string> = session ? { BERTH_HOOK_URL: ctx.hookUrl(), BERTH_HOOK_TOKEN: session } : {}
  reply.hijack()
  try {
    await runHttpBackend({
      projectRoot: ctx.repos.root, pathInfo: `/${ctx.repos.dirName(appId)}/${action}`, raw: request.raw,
      body: request.method === 'POST' ? (request.body as Readable) : null, remoteUser: account.email, env,
    }, reply.raw)
  } finally {
    if (session) ctx.sessions.close(session)
  }
}

async function preReceive(ctx: GitContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const presented = readAuthorization(request.headers.authorization)
  const session = presented.kind === 'token' ? ctx.sessions.get(presented.token) : null
  if (!session) return void reply.status(404).type('text/plain').send('unknown push\n')
  const body = (request.body ?? {}) as { refs?: unknown; env?: Record<string, unknown> }
  reply.hijack()
  const res = reply.raw
  res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' })
  const say = (line: string) => void (res.writableEnded || res.write(`${line}\n`))
  const exit = (code: number) => void (res.writableEnded || res.end(`\0exit ${code}\n`))
  const stopping = new AbortController()
  const ping = setInterval(() => say('\0ping'), PING_MS)
  res.once('close', () => clearInterval(ping))
  // At shutdown the push ends without an exit line, so the hook refuses it and git keeps the old ref.
  ctx.streams.track(res, {
    end: () => {
      say(' !     The Berth server is stopping, so this push was not deployed. Push again once it is back.')
      stopping.abort()
      res.end()
    },
  })
  try {
    exit(await handlePush(ctx, session, String(body.refs ?? ''), body.env ?? {}, say, stopping.signal, request.server.log))
  } catch (error) {
    request.server.log.error({ err: error, requestId: request.id }, 'push failed')
    say(` !     Berth could not finish this push (request ${request.id}).`)
    exit(1)
  }
}

async function handlePush(
  ctx: GitContext, session: NonNullable<ReturnType<PushSessions['get']>>, refs: string, rawEnv: Record<string, unknown>,
  say: (line: string) => void, signal: AbortSignal, log: FastifyBaseLogger,
): Promise<number> {
  const plan = planPush(parseRefUpdates(refs))
  if (plan.kind === 'reject') return say(` !     ${plan.message}`), 1
  if (plan.kind === 'skip') return say(plan.message), 0
  if (!(await ctx.sessions.lock(session))) return 1
  const { gitDir } = session
  const gitEnv = quarantineEnv(gitDir, rawEnv)
  const { oldSha, newSha, ref } = plan.update
  const current = await ctx.repos.resolve(gitDir, ref)
  if (current !== (ZERO_SHA.test(oldSha) ? null : oldSha)) {
    say(` !     ${ref.replace('refs/heads/', '')} moved while this push waited (it is now at ${current?.slice(0, 8) ?? 'nothing'}).`)
    say(' !     Fetch, then push again; push --force to replace it.')
    return 1
  }
  const repoBytes = (await directoryBytes(gitDir)) + (gitEnv.GIT_QUARANTINE_PATH ? await directoryBytes(gitEnv.GIT_QUARANTINE_PATH) : 0)
  if (repoBytes > ctx.maxRepoBytes) {
    say(` !     The repository would be ${formatBytes(repoBytes)}, over the ${formatBytes(ctx.maxRepoBytes)} limit.`)
    return 1
  }
  const outcome = await ctx.services.deployCommit(session.account, {
    app: session.app, gitDir, commit: newSha, commitMessage: await ctx.repos.commitSubject(gitDir, newSha, gitEnv),
    gitEnv, webUrl: ctx.webUrl(session.app.name), onLine: say, signal,
    // Best effort: git still moves the objects itself once the hook succeeds.
    keepCommit: async () => {
      const quarantine = gitEnv.GIT_QUARANTINE_PATH
      if (quarantine) await keepPushedObjects(gitDir, quarantine).catch((error: unknown) => log.warn({ err: error, app: session.app.id }, 'could not keep the pushed objects early'))
    },
  })
  if (outcome.release === null) {
    say(' !     Push rejected, failed to compile app.')
    return 1
  }
  return 0
}

// The hook runs inside the repository, so git may hand it paths relative to it.
function quarantineEnv(gitDir: string, raw: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {}
  for (const key of QUARANTINE_KEYS) {
    const value = raw[key]
    if (typeof value !== 'string' || value === '') continue
    env[key] = value.split(':').map((p) => (isAbsolute(p) ? p : resolve(gitDir, p))).join(':')
  }
  return env
}
