import type { IncomingMessage } from 'node:http'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { Readable } from 'node:stream'
import { OutboundRefused, type OutboundGuard } from './outbound-guard.js'
import { targetHost } from './target-host.js'

export interface OutboundGet {
  /** `https://` or `http://`. */
  url: URL
  /** Checks each address at its very connection, redirects included. */
  outbound: Pick<OutboundGuard, 'resolve'>
  /** From the first connection to the last byte of the body. */
  timeoutMs: number
  maxRedirects: number
}

/** A download that could not be had; the message says why and never repeats the URL (it may carry a token). */
export class OutboundGetFailed extends Error {
  override readonly name = 'OutboundGetFailed'
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * GETs a URL a user chose (an app setup's source tarball) and resolves with the body as a stream.
 * Every hop, each redirect included, goes through the guard and connects to the address it
 * checked, so neither the URL nor a redirect can reach an internal address. The deadline covers
 * the body too: a server that trickles is cut off, and the stream errors.
 */
export async function getOutbound(get: OutboundGet): Promise<Readable> {
  const deadline = Date.now() + get.timeoutMs
  let url = get.url
  for (let hop = 0; ; hop++) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new OutboundRefused(`only http and https URLs are fetched, not ${url.protocol.replace(/:$/, '')}`)
    const response = await requestOnce(url, get.outbound, deadline)
    const status = response.statusCode ?? 0
    if (REDIRECTS.has(status) && response.headers.location) {
      response.resume()
      if (hop >= get.maxRedirects) throw new OutboundGetFailed(`more than ${get.maxRedirects} redirects`)
      url = new URL(response.headers.location, url)
      continue
    }
    if (status !== 200) {
      response.resume()
      throw new OutboundGetFailed(`the server answered ${status}`)
    }
    return response
  }
}

async function requestOnce(url: URL, outbound: Pick<OutboundGuard, 'resolve'>, deadline: number): Promise<IncomingMessage> {
  const https = url.protocol === 'https:'
  const { host, servername } = targetHost(url)
  const { address, family } = await outbound.resolve(host)
  const remainingMs = deadline - Date.now()
  if (remainingMs <= 0) throw new OutboundGetFailed('the download took too long')
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)({
      host: address, family, port: url.port || (https ? 443 : 80), path: `${url.pathname}${url.search}`, servername, method: 'GET',
      headers: { Host: url.host, 'User-Agent': 'Berth-App-Setups', Accept: '*/*' },
    }, (res) => {
      res.once('close', () => clearTimeout(timer))
      resolve(res)
    })
    const timer = setTimeout(() => req.destroy(new OutboundGetFailed('the download took too long')), remainingMs)
    req.on('error', (error) => {
      clearTimeout(timer)
      reject(error instanceof OutboundGetFailed || error instanceof OutboundRefused ? error : new OutboundGetFailed(`could not connect: ${(error as NodeJS.ErrnoException).code ?? error.message}`))
    })
    req.end()
  })
}
