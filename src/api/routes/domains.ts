import type { FastifyInstance } from 'fastify'
import type { App } from '../../core/apps/app.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import { caller, type RouteContext } from '../route-context.js'
import { objectBody } from '../body.js'
import { paginate, parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { timestamp } from '../serializers/timestamp.js'

const DOMAIN_RANGE: RangeSpec = { fields: ['id', 'hostname'] }

type AppParams = { Params: { app: string } }

export function domainRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const heroku = (owner: App) => ({
    acm_status: null, acm_status_reason: null, app: { id: owner.id, name: owner.name }, cname: null,
    created_at: timestamp(owner.createdAt), hostname: `${owner.name}.${ctx.urls.domain}`, id: owner.id, kind: 'heroku',
    sni_endpoint: null, status: 'none', updated_at: timestamp(owner.updatedAt),
  })
  // Heroku compat: a custom domain's DNS target (`cname`) is the app's own address.
  const custom = (owner: App, domain: CustomDomain) => ({
    acm_status: null, acm_status_reason: null, app: { id: owner.id, name: owner.name }, cname: `${owner.name}.${ctx.urls.domain}`,
    created_at: timestamp(domain.createdAt), hostname: domain.hostname, id: domain.id, kind: 'custom',
    sni_endpoint: null, status: 'none', updated_at: timestamp(domain.updatedAt),
  })

  // Heroku compat: always one `kind: heroku` entry; the CLI pages with `Range: id ..; max=1000;`.
  app.get<AppParams>('/apps/:app/domains', async (request, reply) => {
    const range = parseRange(request.headers.range, DOMAIN_RANGE)
    const { app: owner, domains } = await ctx.services.listDomains(caller(request), request.params.app)
    const all = [heroku(owner), ...domains.map((d) => custom(owner, d))]
    const { page, more } = paginate(all, range, (d, field) => (field === 'hostname' ? d.hostname : d.id))
    void reply.headers(rangeHeaders(DOMAIN_RANGE, range, page[0]?.id, page.at(-1)?.id, more))
    void reply.status(more ? 206 : 200)
    return page
  })

  app.post<AppParams>('/apps/:app/domains', async (request, reply) => {
    const { app: owner, domain } = await ctx.services.addDomain(caller(request), request.params.app, objectBody(request.body).hostname, ctx.urls.domain)
    void reply.status(201)
    return custom(owner, domain)
  })

  app.delete<{ Params: { app: string; hostname: string } }>('/apps/:app/domains/:hostname', async (request) => {
    const { app: owner, domain } = await ctx.services.removeDomain(caller(request), request.params.app, request.params.hostname)
    return custom(owner, domain)
  })

  // No TLS certificates for custom domains yet: the list is empty, as the CLI expects.
  app.get<AppParams>('/apps/:app/sni-endpoints', async (request) => {
    await ctx.services.getApp(caller(request), request.params.app)
    return []
  })
}
