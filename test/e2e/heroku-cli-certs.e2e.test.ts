import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { connect, type TLSSocket } from 'node:tls'
import { waitFor } from '../support/wait-for.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { herokuCli } from '../support/heroku-cli.js'
import { selfSigned, testCa, type TestCa } from '../support/test-pki.js'

const KEY = 'berth_e2e_cli_certs_key_0123456789ab'
const unwrap = (text: string) => text.replace(/\s*›\s*/g, ' ').replace(/\s+/g, ' ')

/** The official CLI's certs commands (SNI endpoints) and domains' certificates, unmodified. */
describe('official heroku CLI: certs, certs:add, certs:info, certs:update, certs:remove, domains:update --cert', () => {
  let berth: BerthProcess
  let cli: ReturnType<typeof herokuCli>
  let ca: TestCa
  const dir = mkdtempSync(join(tmpdir(), 'berth-certs-'))
  const heroku = (...args: string[]) => cli.ok(args)
  const files = (name: string, issued: { cert: string; key: string }) => {
    writeFileSync(join(dir, `${name}.crt`), issued.cert)
    writeFileSync(join(dir, `${name}.key`), issued.key)
    return [join(dir, `${name}.crt`), join(dir, `${name}.key`)]
  }

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
    cli = herokuCli(berth.apiUrl, KEY)
    ca = await testCa()
    await heroku('apps:create', 'secure', '--no-remote')
  })
  after(async () => berth?.stop())

  it('certs says there are none, certs:add adds one, and certs lists it', async () => {
    assert.match((await heroku('certs', '-a', 'secure')).stdout, /secure has no SSL certificates\.\s+Use heroku certs:add CRT KEY to add one\./)
    // No domain of the app matches yet, so certs:add asks nothing (its domain prompt needs a terminal).
    const added = await heroku('certs:add', ...files('shop', await ca.issue(['shop.secure.example'])), '-a', 'secure')
    const text = unwrap(added.stdout + added.stderr)
    assert.match(text, /Adding SSL certificate to secure\.\.\. done/)
    assert.match(text, /Common Name\(s\): shop\.secure\.example/)
    assert.match(text, /Issuer: \/CN=Berth test CA/)
    assert.match(text, /SSL certificate is not trusted\./)
    const listed = (await heroku('certs', '-a', 'secure')).stdout
    assert.match(listed, /Name\s+Common Name\(s\)\s+Expires\s+Trusted\s+Type\s+Domains/)
    assert.match(listed, /[a-z]+-\d{5}\s+shop\.secure\.example\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+False\s+SNI\s+0/)
  })

  it('domains:add --cert and domains:update --cert choose it for a domain, and certs:info shows the domains', async () => {
    const name = /([a-z]+-\d{5})/.exec((await heroku('certs', '-a', 'secure')).stdout)![1]!
    const added = await heroku('domains:add', 'shop.secure.example', '--cert', name, '-a', 'secure')
    assert.match(unwrap(added.stdout + added.stderr), /Adding shop\.secure\.example to secure\.\.\. done/)
    assert.match((await heroku('certs', '-a', 'secure')).stdout, /SNI\s+1/)
    await heroku('domains:add', 'other.secure.example', '-a', 'secure')
    const refused = await cli.run(['domains:update', 'other.secure.example', '--cert', name, '-a', 'secure'])
    assert.equal(refused.code, 2)
    assert.match(unwrap(refused.stderr), new RegExp(`SSL certificate ${name} does not cover other\\.secure\\.example`))
    const info = unwrap((await heroku('certs:info', '--show-domains', '-a', 'secure')).stdout)
    assert.match(info, /Certificate details: Common Name\(s\): shop\.secure\.example/)
    assert.match(info, /Domain\(s\): shop\.secure\.example/)
  })

  it('certs:add refuses a key that is not the certificate\'s, an expired certificate, a self-signed one and a broken PEM, with the reason', async () => {
    const good = await ca.issue(['api.secure.example'])
    const other = await ca.issue(['api.secure.example'])
    const day = 86_400_000
    const expired = await ca.issue(['old.secure.example'], { notBefore: new Date(Date.now() - 90 * day), notAfter: new Date(Date.now() - day) })
    const own = await selfSigned(['api.secure.example'])
    for (const [crt, key, reason] of [
      [good.cert, other.key, /private_key does not match the certificate/],
      [expired.cert, expired.key, /The certificate expired on/],
      [own.cert, own.key, /self-signed/],
      [good.cert.replace(/[A-Za-z0-9+/]{20}/, '!!!! broken PEM !!!!'), good.key, /holds no PEM certificate|not a valid PEM certificate/],
    ] as const) {
      writeFileSync(join(dir, 'bad.crt'), crt)
      writeFileSync(join(dir, 'bad.key'), key)
      const result = await cli.run(['certs:add', join(dir, 'bad.crt'), join(dir, 'bad.key'), '-a', 'secure'])
      assert.equal(result.code, 2, result.stderr)
      assert.match(unwrap(result.stderr), reason)
      assert.match(unwrap(result.stderr), /Error ID: invalid_params/)
    }
    assert.equal((await heroku('certs', '-a', 'secure')).stdout.match(/SNI/g)?.length, 1, 'nothing was stored')
  })

  it('the router serves the certificate by SNI; certs:update replaces it without dropping open connections, and certs:remove removes it', async () => {
    // A kept-alive HTTPS connection, open across the renewal.
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const opened = connect({ host: '127.0.0.1', port: Number(new URL(berth.routerTlsUrl).port), servername: 'shop.secure.example', ca: ca.cert }, () => resolve(opened))
      opened.once('error', reject)
    })
    const first = socket.getPeerCertificate()
    assert.equal(first.subjectaltname, 'DNS:shop.secure.example')
    const ask = () => new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk) => resolve(chunk.toString()))
      socket.once('error', reject)
      socket.write('GET / HTTP/1.1\r\nHost: shop.secure.example\r\n\r\n')
    })
    assert.match(await ask(), /^HTTP\/1\.1 \d{3} /)
    const renewed = await ca.issue(['shop.secure.example', 'www.secure.example'])
    const updated = unwrap((await heroku('certs:update', ...files('renewed', renewed), '--confirm', 'secure', '-a', 'secure')).stdout)
    assert.match(updated, /Updated certificate details: Common Name\(s\): shop\.secure\.example www\.secure\.example/)
    assert.match(await ask(), /^HTTP\/1\.1 \d{3} /, 'the open connection still serves')
    socket.end()
    await waitFor(async () => {
      const fresh = await new Promise<string>((resolve, reject) => {
        const next = connect({ host: '127.0.0.1', port: Number(new URL(berth.routerTlsUrl).port), servername: 'shop.secure.example', ca: ca.cert }, () => {
          resolve(next.getPeerCertificate().serialNumber)
          next.end()
        })
        next.once('error', reject)
      })
      return fresh !== first.serialNumber
    }, { timeoutMs: 10_000, what: 'new connections on the renewed certificate' })
    const removed = await heroku('certs:remove', '--confirm', 'secure', '-a', 'secure')
    assert.match(unwrap(removed.stdout + removed.stderr), /Removing SSL certificate [a-z]+-\d{5} from secure\.\.\. done/)
    assert.match((await heroku('certs', '-a', 'secure')).stdout, /secure has no SSL certificates\./)
    assert.match((await heroku('domains', '-a', 'secure')).stdout, /shop\.secure\.example/)
  })
})
