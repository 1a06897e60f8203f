import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { testCa } from './test-pki.js'
import { waitFor } from './wait-for.js'

/**
 * Let's Encrypt's own ACME test server (Debian's `pebble`), on loopback, validating HTTP-01 on
 * `httpPort` (Berth's router) for names its companion DNS server (`pebble-challtestsrv`) resolves to
 * 127.0.0.1. Nothing leaves this machine.
 */
export interface Pebble {
  directoryUrl: string
  /** PEM of the CA that signed Pebble's own HTTPS certificate (BERTH_ACME_CA_FILE). */
  serverCaFile: string
  /** PEM of the root Pebble issues certificates under (it makes a new one at each start). */
  issuingRoot(): Promise<string>
  /** Makes DNS lookups of `host` fail (SERVFAIL), so no challenge for it can be answered. */
  breakDns(host: string): Promise<void>
  stop(): Promise<void>
}

export function pebbleUnavailable(): string | null {
  const onPath = (tool: string) => (process.env.PATH ?? '').split(':').some((dir) => existsSync(join(dir, tool)))
  return onPath('pebble') && onPath('pebble-challtestsrv') ? null : 'needs pebble (apt-get install pebble)'
}

export async function startPebble(options: { httpPort: number; certificateValiditySeconds?: number }): Promise<Pebble> {
  const dir = mkdtempSync(join(tmpdir(), 'berth-pebble-'))
  const [listen, management, dns, dnsManagement] = [await freePort(), await freePort(), await freePort(), await freePort()]
  const ca = await testCa('Pebble HTTPS test CA')
  const tls = await ca.issue(['127.0.0.1'])
  writeFileSync(join(dir, 'server.crt'), tls.cert)
  writeFileSync(join(dir, 'server.key'), tls.key)
  writeFileSync(join(dir, 'ca.crt'), ca.cert)
  writeFileSync(join(dir, 'pebble.json'), JSON.stringify({
    pebble: {
      listenAddress: `127.0.0.1:${listen}`, managementListenAddress: `127.0.0.1:${management}`,
      certificate: join(dir, 'server.crt'), privateKey: join(dir, 'server.key'),
      httpPort: options.httpPort, tlsPort: 1, ocspResponderURL: '', externalAccountBindingRequired: false,
      ...(options.certificateValiditySeconds ? { certificateValidityPeriod: options.certificateValiditySeconds } : {}),
    },
  }))
  const children: ChildProcess[] = []
  const start = (file: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawn(file, args, { stdio: 'ignore', env: { PATH: process.env.PATH ?? '', ...env } })
    children.push(child)
    return child
  }
  start('pebble-challtestsrv', ['-dns01', `127.0.0.1:${dns}`, '-management', `127.0.0.1:${dnsManagement}`, '-http01', '', '-https01', '', '-tlsalpn01', '',
    '-defaultIPv4', '127.0.0.1', '-defaultIPv6', ''])
  // No random sleeps before validating; no nonces refused at random (Pebble's defaults test clients' retries).
  start('pebble', ['-config', join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dns}`], { PEBBLE_VA_NOSLEEP: '1', PEBBLE_WFE_NONCEREJECT: '0' })
  const managementGet = (path: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: management, path, ca: ca.cert }, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk) => { body += chunk })
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`pebble ${path}: ${res.statusCode}`))))
      })
      req.on('error', reject)
      req.end()
    })
  await waitFor(() => managementGet('/roots/0').then(() => true, () => false), { timeoutMs: 15_000, intervalMs: 100, what: 'pebble' })
  return {
    directoryUrl: `https://127.0.0.1:${listen}/dir`,
    serverCaFile: join(dir, 'ca.crt'),
    issuingRoot: () => managementGet('/roots/0'),
    breakDns: async (host) => {
      const response = await fetch(`http://127.0.0.1:${dnsManagement}/set-servfail`, { method: 'POST', body: JSON.stringify({ host: `${host}.` }) })
      if (!response.ok) throw new Error(`challtestsrv set-servfail: ${response.status}`)
    },
    stop: async () => {
      for (const child of children) child.kill('SIGTERM')
      await Promise.all(children.map((child) => (child.exitCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve)))))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
