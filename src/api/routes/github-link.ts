import type { FastifyInstance } from 'fastify'
import { notFound } from '../../core/errors/platform-error.js'
import { caller, holder, type RouteContext } from '../route-context.js'

// Heroku compat: `heroku pipelines:diff` asks Heroku's GitHub integration (kolkrabbi.heroku.com) which
// repository each app deploys from and for a GitHub token, then asks api.github.com to compare two
// commits. Those hosts are fixed in the CLI; Berth answers them when the CLI is pointed at it as its
// HTTPS proxy (`tls/connect-stand-in.ts`, ADR 0015), from the apps' own git repositories.

/** The repository name a pipeline's apps share: `<owner>/<repo>` as GitHub spells one. */
const REPOSITORY_OWNER = 'berth-pipeline'

export function githubLinkRoutes(app: FastifyInstance, ctx: RouteContext): void {
  app.get<{ Params: { app: string } }>('/apps/:app/github', async (request) => {
    const { app: linked, pipeline } = await ctx.services.getRepositoryLink(caller(request), request.params.app)
    return { app: { id: linked.id, name: linked.name }, repo: `${REPOSITORY_OWNER}/${pipeline.id}` }
  })

  app.get('/account/github/token', async (request) => ({ github: { token: ctx.services.compareToken(holder(request)) } }))

  // GitHub's API: the token comes as `Authorization: token <capability>`, so the route checks it itself.
  app.get<{ Params: { owner: string; repo: string; range: string } }>('/repos/:owner/:repo/compare/:range', { config: { public: true } }, async (request) => {
    const range = /^([0-9a-f]{7,64})\.\.\.([0-9a-f]{7,64})$/.exec(request.params.range)
    const token = /^token (\S{1,4096})$/i.exec(request.headers.authorization ?? '')?.[1]
    if (request.params.owner !== REPOSITORY_OWNER || !range || !token) throw notFound('repository')
    const compared = await ctx.services.compareCommits(token, request.params.repo, range[1]!, range[2]!)
    return {
      status: compared.total > 0 ? 'ahead' : 'identical',
      ahead_by: compared.total,
      behind_by: 0,
      total_commits: compared.total,
      commits: compared.commits.map((c) => ({ sha: c.sha, commit: { author: { name: c.authorName, date: c.authorDate }, message: c.message } })),
    }
  })
}
