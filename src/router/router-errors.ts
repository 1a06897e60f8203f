// Heroku compat: router error codes, their HTTP status and description.
export const ROUTER_ERRORS = {
  H10: { status: 503, desc: 'App crashed' },
  H12: { status: 503, desc: 'Request timeout' },
  H13: { status: 503, desc: 'Connection closed without response' },
  H14: { status: 503, desc: 'No web processes running' },
  H15: { status: 503, desc: 'Idle connection' },
  H17: { status: 503, desc: 'Poorly formatted HTTP response' },
  H18: { status: 503, desc: 'Server Request Interrupted' },
  H20: { status: 503, desc: 'App boot timeout' },
  H21: { status: 503, desc: 'Backend connection refused' },
  H27: { status: 499, desc: 'Client Request Interrupted' },
  H80: { status: 503, desc: 'Maintenance mode' },
  H81: { status: 502, desc: 'Blank app' },
  H99: { status: 503, desc: 'Platform error' },
} as const

export type RouterErrorCode = keyof typeof ROUTER_ERRORS

// Heroku logs maintenance and blank apps as info, a client hanging up as a warning, the rest as errors.
const LEVELS: Partial<Record<RouterErrorCode, 'info' | 'warning'>> = { H80: 'info', H81: 'info', H27: 'warning' }

const PAGES: Partial<Record<RouterErrorCode, [string, string]>> = {
  H80: ['Offline for maintenance', 'This app is in maintenance mode. Please check back soon.'],
  // Both CLIs' remotes: the heroku CLI adds `heroku`, the berth CLI `berth`, and a visitor cannot tell which the owner uses.
  H81: ['Nothing deployed yet', 'This app has no code yet. Deploy it with <code>git push heroku main</code> or <code>git push berth main</code>, whichever remote your CLI added.'],
}

/** The small HTML page the router answers an error with. */
export function errorPage(code: RouterErrorCode): string {
  const [title, text] = PAGES[code] ?? ['Application error', 'An error occurred in the application and your page could not be served. Please try again in a few moments.']
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>`
    + `<style>body{font-family:system-ui,sans-serif;margin:15vh auto;max-width:32rem;padding:0 1rem;color:#333}h1{font-size:1.4rem}</style></head>`
    + `<body><h1>${title}</h1><p>${text}</p></body></html>\n`
}

/** The answer for a host that is no app here. */
export function noSuchAppPage(): string {
  return errorPage('H99').replace(/<title>.*<\/title>/, '<title>No such app</title>').replace(/<h1>.*<\/h1><p>.*<\/p>/, '<h1>No such app</h1><p>There is no app at this address.</p>')
}

/** What every router log line says about the request. */
export interface RequestFields {
  method: string
  path: string
  host: string
  requestId: string
  fwd: string
  /** How the request reached the router: `https` when over TLS. */
  protocol: 'http' | 'https'
}

/**
 * The `heroku[router]` log line for a request. It runs once per request, so it is plain
 * concatenation: no intermediate objects or closures on the router's hot path. `sock` says which
 * side hung up (H18, H27); `bytes` is null when none reached the client.
 */
export function routerLogLine(request: RequestFields, dyno: string, connectMs: number | null, serviceMs: number | null, status: number, bytes: number | null, code?: RouterErrorCode, sock?: 'client' | 'backend'): string {
  const prefix = code === undefined ? 'at=info ' : (sock ? `sock=${sock} ` : '') + `at=${LEVELS[code] ?? 'error'} code=${code} desc="${ROUTER_ERRORS[code].desc}" `
  return prefix + 'method=' + request.method + ' path="' + request.path + '" host=' + request.host + ' request_id=' + request.requestId
    + ' fwd="' + request.fwd + '" dyno=' + dyno + ' connect=' + (connectMs === null ? '' : connectMs + 'ms')
    + ' service=' + (serviceMs === null ? '' : serviceMs + 'ms') + ' status=' + status + ' bytes=' + (bytes ?? '') + ' protocol=' + request.protocol
}
