import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { CliError } from '../../cli-error.js'
import type { CliContext } from '../../context.js'
import { certificateTime, keyValues } from '../../format.js'
import { stringFlag, type ParsedInput } from '../../parsed-input.js'
import { appPath } from '../../paths.js'

/** What the API returns for a certificate (Heroku's sni-endpoint). */
export interface SniEndpointJson {
  id: string
  name: string
  domains: string[]
  ssl_cert: { cert_domains: string[]; expires_at: string; starts_at: string; issuer: string; subject: string; 'ca_signed?': boolean; acm: boolean }
}

export const NAME_FLAG = { name: { type: 'string' as const, description: 'the certificate to act on, when the app has several' } }

/** The app's certificate `--name` names, or its only one. */
export async function pickEndpoint(ctx: CliContext, app: string, input: ParsedInput): Promise<SniEndpointJson> {
  const endpoints = await ctx.api.get<SniEndpointJson[]>(appPath(app, '/sni-endpoints'))
  const name = stringFlag(input, 'name')
  if (endpoints.length === 0) throw new CliError(`${app} has no SSL certificates.`)
  const picked = name === undefined ? endpoints : endpoints.filter((e) => e.name === name)
  if (picked.length === 0) throw new CliError(`${app} has no SSL certificate named ${name}.`)
  if (picked.length > 1) throw new CliError(`${app} has ${picked.length} SSL certificates: name one with --name (${picked.map((e) => e.name).join(', ')}).`)
  return picked[0]!
}

/** The certificate and key files `certs:add` and `certs:update` send, read from the working directory. */
export async function readCertAndKey(ctx: CliContext, input: ParsedInput): Promise<{ certificate_chain: string; private_key: string }> {
  const [crt, key] = input.args as [string, string]
  const read = (path: string) => readFile(resolve(ctx.cwd, path), 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`Could not read ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
  })
  return { certificate_chain: await read(crt), private_key: await read(key) }
}

/** Heroku's certificate details block. */
export function certificateDetails(endpoint: SniEndpointJson, domains: readonly string[] = []): string {
  const cert = endpoint.ssl_cert
  const trust = cert['ca_signed?'] ? 'SSL certificate is verified by a root authority.' : cert.issuer === cert.subject ? 'SSL certificate is self signed.' : 'SSL certificate is not trusted.'
  return `${keyValues([
    ['Name', endpoint.name], ['Common Name(s)', cert.cert_domains.join(', ')], ['Expires At', certificateTime(cert.expires_at)], ['Issuer', cert.issuer],
    ['Starts At', certificateTime(cert.starts_at)], ['Subject', cert.subject], ['Domain(s)', domains.length > 0 ? domains.join(', ') : null],
  ])}\n${trust}`
}
