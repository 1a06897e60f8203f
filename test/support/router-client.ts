import { request } from 'node:http'

export interface RouterResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A request to the router for an app's host (fetch cannot set Host, node:http can). */
export function routerGet(routerUrl: string, host: string, path = '/', headers: Record<string, string> = {}): Promise<RouterResponse> {
  const url = new URL(routerUrl)
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: { ...headers, Host: host }, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk) => { body += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
