import { writeFileSync, mkdtempSync } from 'node:fs'
import { createServer, type Server } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../../src/scheduler/local/free-port.js'
import { testCa } from './test-pki.js'

export interface ReceivedHook {
  headers: Record<string, string | string[] | undefined>
  /** The raw body, as signed. */
  raw: string
  body: any
}

/**
 * An HTTPS webhook receiver on 127.0.0.1 with a certificate from a throwaway CA (`caFile` is what
 * Berth must trust). It answers each request with `status()` (200 unless told), and can be stopped
 * and listen again on the same port, to play a receiver that is down.
 */
export async function webhookReceiver(options: { status?: (hook: ReceivedHook) => number } = {}) {
  const ca = await testCa('Berth webhook test CA')
  const leaf = await ca.issue(['127.0.0.1'])
  const dir = mkdtempSync(join(tmpdir(), 'berth-webhook-ca-'))
  const caFile = join(dir, 'ca.pem')
  writeFileSync(caFile, ca.cert)
  const port = await freePort()
  const received: ReceivedHook[] = []
  let server: Server | null = null
  return {
    caFile,
    port,
    url: `https://127.0.0.1:${port}/hooks`,
    received,
    async listen() {
      server = createServer({ cert: leaf.cert, key: leaf.key }, (req, res) => {
        let raw = ''
        req.setEncoding('utf8')
        req.on('data', (chunk) => { raw += chunk })
        req.on('end', () => {
          const hook = { headers: req.headers, raw, body: JSON.parse(raw) }
          received.push(hook)
          res.statusCode = options.status?.(hook) ?? 200
          res.end()
        })
      })
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    },
    async stop() {
      if (!server) return
      server.closeAllConnections()
      await new Promise<void>((resolve) => server!.close(() => resolve()))
      server = null
    },
  }
}
