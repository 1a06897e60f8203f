import { readdirSync, readFileSync } from 'node:fs'

/** Every route the API port serves (API and git), as `METHOD /path/:param`; a test keeps it equal to the sources. */
export const API_ROUTES = [
  'GET /', 'GET /account', 'GET /account/rate-limits', 'GET /users/~', 'POST /berth/accounts', 'GET /regions', 'GET /regions/:region', 'GET /stacks', 'GET /stacks/:stack',
  'POST /oauth/authorizations', 'DELETE /oauth/authorizations/:id',
  'POST /dashboard/session', 'DELETE /dashboard/session', 'GET /dashboard/assets/:file',
  'GET /apps', 'GET /users/~/apps', 'POST /apps', 'GET /apps/:app', 'PATCH /apps/:app', 'DELETE /apps/:app',
  'GET /apps/:app/collaborators', 'POST /apps/:app/collaborators', 'DELETE /apps/:app/collaborators/:collaborator',
  'GET /apps/:app/config-vars', 'PATCH /apps/:app/config-vars',
  'GET /apps/:app/releases', 'POST /apps/:app/releases', 'GET /apps/:app/releases/:release',
  'GET /apps/:app/releases/:release/config-vars', 'GET /apps/:app/releases/:release/diff', 'GET /release-outputs/:release',
  'GET /apps/:app/releases/:release/metrics', 'GET /apps/:app/auto-rollback', 'PATCH /apps/:app/auto-rollback',
  'POST /apps/:app/slugs', 'GET /apps/:app/slugs/:slug', 'PUT /slug-archives/:slug', 'GET /slug-archives/:slug',
  'GET /apps/:app/formation', 'GET /apps/:app/formation/:type', 'PATCH /apps/:app/formation', 'PATCH /apps/:app/formation/:type',
  'GET /apps/:app/dynos', 'GET /apps/:app/dynos/:dyno', 'POST /apps/:app/dynos', 'DELETE /apps/:app/dynos',
  'DELETE /apps/:app/dynos/:dyno', 'DELETE /apps/:app/formations/:type', 'POST /apps/:app/dynos/:dyno/actions/stop',
  'POST /apps/:app/formations/:type/actions/stop',
  'GET /apps/:app/domains', 'GET /apps/:app/domains/:domain', 'POST /apps/:app/domains', 'PATCH /apps/:app/domains/:domain', 'DELETE /apps/:app/domains/:domain',
  'GET /apps/:app/sni-endpoints', 'GET /apps/:app/sni-endpoints/:endpoint', 'POST /apps/:app/sni-endpoints', 'PATCH /apps/:app/sni-endpoints/:endpoint',
  'DELETE /apps/:app/sni-endpoints/:endpoint', 'POST /apps/:app/acm', 'DELETE /apps/:app/acm', 'PATCH /apps/:app/acm',
  'POST /sources', 'PUT /sources/:id', 'GET /sources/:id', 'POST /apps/:app/builds', 'GET /apps/:app/builds',
  'GET /apps/:app/builds/:build', 'GET /apps/:app/builds/:build/output', 'GET /build-outputs/:build', 'DELETE /apps/:app/build-cache',
  'POST /app-setups', 'GET /app-setups/:id',
  'GET /buildpacks/:name', 'GET /apps/:app/buildpack-installations', 'PUT /apps/:app/buildpack-installations',
  'GET /apps/:app/addons', 'GET /addons', 'GET /apps/:app/addons/:addon', 'GET /addons/:addon', 'POST /apps/:app/addons',
  'DELETE /apps/:app/addons/:addon', 'POST /actions/addons/resolve', 'POST /actions/addon-attachments/resolve',
  'GET /addon-attachments', 'GET /apps/:app/addon-attachments', 'GET /addons/:addon/addon-attachments',
  'GET /addon-services', 'GET /addon-services/:service', 'GET /addon-services/:service/plans', 'GET /addon-services/:service/plans/:plan',
  'POST /apps/:app/log-sessions', 'GET /log-sessions/:id',
  'GET /apps/:app/log-drains', 'POST /apps/:app/log-drains', 'DELETE /apps/:app/log-drains/:drain',
  'GET /apps/:app/webhooks', 'POST /apps/:app/webhooks', 'GET /apps/:app/webhooks/:webhook', 'PATCH /apps/:app/webhooks/:webhook', 'DELETE /apps/:app/webhooks/:webhook',
  'GET /apps/:app/webhook-deliveries', 'GET /apps/:app/webhook-deliveries/:delivery', 'GET /apps/:app/webhook-events', 'GET /apps/:app/webhook-events/:event',
  'GET /pipelines', 'POST /pipelines', 'GET /pipelines/:pipeline', 'PATCH /pipelines/:pipeline', 'DELETE /pipelines/:pipeline',
  'GET /pipelines/:pipeline/pipeline-couplings', 'GET /pipelines/:pipeline/latest-releases', 'GET /pipelines/:pipeline/latest-deployments', 'GET /pipeline-couplings', 'GET /users/~/pipeline-couplings', 'POST /pipeline-couplings',
  'GET /pipeline-couplings/:coupling', 'PATCH /pipeline-couplings/:coupling', 'DELETE /pipeline-couplings/:coupling', 'GET /apps/:app/pipeline-couplings',
  'POST /pipeline-promotions', 'GET /pipeline-promotions/:promotion', 'GET /pipeline-promotions/:promotion/promotion-targets', 'POST /filters/apps',
  'GET /apps/:app/github', 'GET /account/github/token', 'GET /repos/:owner/:repo/compare/:range',
  'GET /:repo/info/refs', 'POST /:repo/git-upload-pack', 'POST /:repo/git-receive-pack', 'POST /internal/git/pre-receive',
] as const

/** The routes registered in `src/api/routes/*.ts` and `src/git/git-routes.ts`, read from their source. */
export function declaredRoutes(): string[] {
  const root = new URL('../../src/', import.meta.url)
  const files = [
    ...readdirSync(new URL('api/routes/', root)).map((name) => new URL(`api/routes/${name}`, root)),
    new URL('git/git-routes.ts', root),
  ]
  return files.flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\bapp\.(get|post|put|patch|delete)(?:<[^(]*>)?\('([^']+)'/g)]
    .map((m) => `${m[1]!.toUpperCase()} ${m[2]}`))
}

/** A route's path with each `:param` replaced. */
export function fillPath(route: string, values: (param: string) => string): { method: string; path: string } {
  const [method, pattern] = route.split(' ') as [string, string]
  return { method, path: pattern.replace(/:([a-z]+)/g, (_, param: string) => encodeSegment(values(param))) }
}

// A lone surrogate has no UTF-8 form: it goes out as the bytes a careless encoder would send.
export function encodeSegment(value: string): string {
  try {
    return encodeURIComponent(value)
  } catch {
    return [...value].map((ch) => (/^[\ud800-\udfff]$/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('')
  }
}
