import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { OutboundGuard } from './outbound-guard.js'
import { targetHost } from './target-host.js'

export interface OutboundPost {
  /** `https://` or `http://`; credentials in it become Basic auth. */
  url: URL
  body: string
  headers: Record<string, string>
  /** Checks the receiver's address at this very connection. */
  outbound: Pick<OutboundGuard, 'resolve'>
  /** CA certificates (PEM) to trust instead of Node's own, for TLS receivers. */
  ca?: string[]
  /** The whole request, connection to the last byte of the answer. */
  timeoutMs: number
}

/** A POST that took longer than its deadline. */
export class OutboundTimeout extends Error {
  override readonly name = 'Timeout'
}

/**
 * POSTs a body to a URL a user chose (HTTPS drains, webhooks) and resolves with the status. It
 * connects to the address the guard checked, never to a second resolution of the name (which it
 * keeps for TLS SNI, the certificate check and `Host`), follows no redirect, reads and discards the
 * answer, and gives up after `timeoutMs` however slowly the receiver trickles.
 */
export async function postOutbound(post: OutboundPost): Promise<number> {
  const https = post.url.protocol === 'https:'
  const send = https ? httpsRequest : httpRequest
  const { host, servername } = targetHost(post.url)
  const startedAt = Date.now()
  const { address, family } = await post.outbound.resolve(host)
  // The deadline covers the resolution too: whoever sized a lease or a wait by it is never outlived.
  const leftMs = post.timeoutMs - (Date.now() - startedAt)
  if (leftMs <= 0) throw new OutboundTimeout(`no complete answer within ${post.timeoutMs} ms`)
  const auth = post.url.username ? `${decodeURIComponent(post.url.username)}:${decodeURIComponent(post.url.password)}` : undefined
  return new Promise((resolve, reject) => {
    const req = send({
      host: address, family, port: post.url.port || (https ? 443 : 80), path: `${post.url.pathname}${post.url.search}`,
      servername, auth, method: 'POST', ca: post.ca, timeout: post.timeoutMs,
      headers: { ...post.headers, Host: post.url.host, 'Content-Length': String(Buffer.byteLength(post.body)) },
    }, (res) => {
      res.resume()
      res.on('end', () => {
        clearTimeout(deadline)
        resolve(res.statusCode ?? 0)
      })
      res.on('error', reject)
    })
    const deadline = setTimeout(() => req.destroy(new OutboundTimeout(`no complete answer within ${post.timeoutMs} ms`)), leftMs)
    req.on('timeout', () => req.destroy(new OutboundTimeout(`idle for ${post.timeoutMs} ms`)))
    req.on('error', (error) => {
      clearTimeout(deadline)
      reject(error)
    })
    req.end(post.body)
  })
}
