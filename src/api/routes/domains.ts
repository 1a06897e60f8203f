import type { FastifyInstance } from 'fastify'
import type { App } from '../../core/apps/app.js'
import type { SniEndpoint } from '../../core/certs/sni-endpoint.js'
import type { CustomDomain } from '../../core/domains/domain.js'
import { caller, type RouteContext } from '../route-context.js'
import { objectBody } from '../body.js'
import { paginate, parseRange, rangeHeaders, type RangeSpec } from '../range.js'
import { serializeApp } from '../serializers/app.js'
import { serializeSniEndpoint } from '../serializers/sni-endpoint.js'
import { timestamp } from '../serializers/timestamp.js'

const DOMAIN_RANGE: RangeSpec = { fields: ['id', 'hostname'] }

type AppParams = { Params: { app: string } }
type DomainParams = { Params: { app: string; domain: string } }
type EndpointParams = { Params: { app: string; endpoint: string } }

export function domainRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const heroku = (owner: App) => ({
    acm_status: null, acm_status_reason: null, app: { id: owner.id, name: owner.name }, cname: null,
    created_at: timestamp(owner.createdAt), hostname: `${owner.name}.${ctx.urls.domain}`, id: owner.id, kind: 'heroku',
    sni_endpoint: null, status: 'none', updated_at: timestamp(owner.updatedAt),
  })
  // Heroku compat: a custom domain's DNS target (`cname`) is the app's own address; `sni_endpoint`
  // is the certificate chosen for it, `{id, name}`.
  const custom = (owner: App, domain: CustomDomain, endpoints: readonly SniEndpoint[]) => {
    const endpoint = endpoints.find((e) => e.id === domain.sniEndpointId)
    return {
      acm_status: domain.acm.status, acm_status_reason: domain.acm.reason, app: { id: owner.id, name: owner.name }, cname: `${owner.name}.${ctx.urls.domain}`,
      created_at: timestamp(domain.createdAt), hostname: domain.hostname, id: domain.id, kind: 'custom',
      sni_endpoint: endpoint ? { id: endpoint.id, name: endpoint.name } : null, status: 'none', updated_at: timestamp(domain.updatedAt),
    }
  }

  // Heroku compat: always one `kind: heroku` entry; the CLI pages with `Range: id ..; max=1000;`.
  app.get<AppParams>('/apps/:app/domains', async (request, reply) => {
    const range = parseRange(request.headers.range, DOMAIN_RANGE)
    const { app: owner, domains, endpoints } = await ctx.services.listDomains(caller(request), request.params.app)
    const all = [heroku(owner), ...domains.map((d) => custom(owner, d, endpoints))]
    const { page, more } = paginate(all, range, (d, field) => (field === 'hostname' ? d.hostname : d.id))
    void reply.headers(rangeHeaders(DOMAIN_RANGE, range, page[0]?.id, page.at(-1)?.id, more))
    void reply.status(more ? 206 : 200)
    return page
  })

  app.get<DomainParams>('/apps/:app/domains/:domain', async (request) => {
    const { app: owner, domain, endpoints } = await ctx.services.getDomain(caller(request), request.params.app, request.params.domain)
    return custom(owner, domain, endpoints)
  })

  app.post<AppParams>('/apps/:app/domains', async (request, reply) => {
    const body = objectBody(request.body)
    // Heroku compat: `domains:add --cert NAME` names the certificate in the same request.
    const { app: owner, domain, endpoints } = await ctx.services.addDomain(caller(request), request.params.app, body.hostname, ctx.urls.domain, body.sni_endpoint ?? null)
    void reply.status(201)
    return custom(owner, domain, endpoints)
  })

  app.patch<DomainParams>('/apps/:app/domains/:domain', async (request) => {
    const body = objectBody(request.body)
    const { app: owner, domain, endpoints } = await ctx.services.updateDomain(caller(request), request.params.app, request.params.domain, body.sni_endpoint ?? null)
    return custom(owner, domain, endpoints)
  })

  app.delete<DomainParams>('/apps/:app/domains/:domain', async (request) => {
    const { app: owner, domain, endpoints } = await ctx.services.removeDomain(caller(request), request.params.app, request.params.domain)
    return custom(owner, domain, endpoints)
  })

  // Automated Certificate Management: on (`certs:auto:enable` sends `{}`), off, refresh (`{"acm_refresh": true}`).
  app.post<AppParams>('/apps/:app/acm', async (request) => serializeApp(await ctx.services.setAcm(caller(request), request.params.app, 'enable'), ctx.urls))
  app.delete<AppParams>('/apps/:app/acm', async (request) => serializeApp(await ctx.services.setAcm(caller(request), request.params.app, 'disable'), ctx.urls))
  app.patch<AppParams>('/apps/:app/acm', async (request) => serializeApp(await ctx.services.setAcm(caller(request), request.params.app, 'refresh'), ctx.urls))

  // Certificates the app brings (Heroku's SNI endpoints), by id or name.
  app.get<AppParams>('/apps/:app/sni-endpoints', async (request) => {
    const { app: owner, endpoints, domains } = await ctx.services.listSniEndpoints(caller(request), request.params.app)
    return endpoints.map((endpoint) => serializeSniEndpoint(owner, endpoint, domains))
  })

  app.get<EndpointParams>('/apps/:app/sni-endpoints/:endpoint', async (request) => {
    const { app: owner, endpoint, domains } = await ctx.services.getSniEndpoint(caller(request), request.params.app, request.params.endpoint)
    return serializeSniEndpoint(owner, endpoint, domains)
  })

  app.post<AppParams>('/apps/:app/sni-endpoints', async (request, reply) => {
    const body = objectBody(request.body)
    const { app: owner, endpoint } = await ctx.services.createSniEndpoint(caller(request), request.params.app, body.certificate_chain, body.private_key)
    void reply.status(201)
    return serializeSniEndpoint(owner, endpoint, [])
  })

  app.patch<EndpointParams>('/apps/:app/sni-endpoints/:endpoint', async (request) => {
    const body = objectBody(request.body)
    const { app: owner, endpoint, domains } = await ctx.services.updateSniEndpoint(caller(request), request.params.app, request.params.endpoint, body.certificate_chain, body.private_key)
    return serializeSniEndpoint(owner, endpoint, domains)
  })

  app.delete<EndpointParams>('/apps/:app/sni-endpoints/:endpoint', async (request) => {
    const { app: owner, endpoint } = await ctx.services.deleteSniEndpoint(caller(request), request.params.app, request.params.endpoint)
    return serializeSniEndpoint(owner, endpoint, [])
  })
}
