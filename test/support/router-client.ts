import { request } from 'node:http'
import { request as requestTls } from 'node:https'

export interface RouterResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * A request to the router for an app's host (fetch cannot set Host, node:http can). Over HTTPS when
 * `routerUrl` is an https:// URL, with the host as SNI name, trusting `ca` (the local CA in development).
 */
export function routerGet(routerUrl: string, host: string, path = '/', headers: Record<string, string> = {}, tls: { ca?: string } = {}): Promise<RouterResponse> {
  const url = new URL(routerUrl)
  const send = url.protocol === 'https:' ? requestTls : request
  return new Promise((resolve, reject) => {
    const options = { host: url.hostname, port: url.port, path, headers: { ...headers, Host: host }, agent: false, servername: host, ca: tls.ca }
    const req = send(options, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
