import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { NetworkFence, type FencedNetwork } from './network-fence.js'
import { parseIpv4Network } from '../core/net/ipv4-network.js'
import { findSandbox } from '../main/find-sandbox.js'
import { planSandbox } from './plan-sandbox.js'
import { runCommand } from './run-command.js'
import { SandboxDns } from './sandbox-dns.js'

/** Runs a TCP connect attempt inside a namespace: 'connected', 'refused' or 'timeout'. */
export function connectFrom(namespacePath: string, host: string, port: number, timeoutMs = 1000): Promise<string> {
  const probe = `const s = require('net').connect(${port}, '${host}');
    s.on('connect', () => { process.stdout.write('connected'); process.exit(0) });
    s.on('error', (e) => { process.stdout.write(e.code === 'ECONNREFUSED' ? 'refused' : e.code); process.exit(0) });
    setTimeout(() => { process.stdout.write('timeout'); process.exit(0) }, ${timeoutMs})`
  return new Promise((resolve) => {
    const child = spawn('nsenter', [`--net=${namespacePath}`, '--setuid', '65534', '--setgid', '65534', '--', process.execPath, '-e', probe], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.on('data', (chunk) => { out += chunk })
    child.on('close', () => resolve(out))
  })
}

function listen(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => socket.end('hello'))
    server.listen(0, host, () => resolve({ server, port: (server.address() as { port: number }).port }))
  })
}

const root = process.getuid?.() === 0
const dockerUser = () => spawnSync('iptables', ['-S', 'DOCKER-USER']).status === 0

describe('NetworkFence', { skip: !root && 'needs root to make network namespaces' }, () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-fence-'))
  let fence: NetworkFence
  let a: FencedNetwork
  let b: FencedNetwork
  let loopback: { server: Server; port: number }
  let everywhere: { server: Server; port: number }
  let granted: { server: Server; port: number }

  before(async () => {
    fence = await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir })
    loopback = await listen('127.0.0.1')
    everywhere = await listen('0.0.0.0')
    granted = await listen('127.0.0.1')
    a = await fence.open([{ host: '127.0.0.1', port: granted.port }])
    b = await fence.open()
  })
  after(async () => {
    await a?.close()
    await b?.close()
    for (const s of [loopback, everywhere, granted]) s?.server.close()
    rmSync(stateDir, { recursive: true, force: true })
  })

  it('gives each sandbox its own address, which the host reaches', async () => {
    assert.notEqual(a.address, b.address)
    const listener = spawn('nsenter', [`--net=${b.namespacePath}`, '--', process.execPath, '-e', "require('net').createServer((s) => s.end('from b')).listen(7000, () => console.log('up'))"], { stdio: ['ignore', 'pipe', 'inherit'] })
    try {
      await new Promise((resolve) => listener.stdout.once('data', resolve))
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(7000, b.address)
        let text = ''
        socket.on('data', (chunk: Buffer) => { text += chunk })
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
      })
      assert.equal(reply, 'from b')
      // …but another sandbox does not.
      assert.notEqual(await connectFrom(a.namespacePath, b.address, 7000), 'connected')
    } finally {
      listener.kill('SIGKILL')
    }
  })

  it("keeps a sandbox away from the host's services, on loopback or on any address", async () => {
    assert.equal(await connectFrom(b.namespacePath, '127.0.0.1', loopback.port), 'refused')
    assert.equal(await connectFrom(b.namespacePath, b.gateway, everywhere.port), 'timeout')
    assert.equal(await connectFrom(b.namespacePath, a.gateway, everywhere.port), 'timeout')
  })

  it('forwards a granted host service into that sandbox only, at the same address', async () => {
    assert.equal(await connectFrom(a.namespacePath, '127.0.0.1', granted.port), 'connected')
    assert.equal(await connectFrom(b.namespacePath, '127.0.0.1', granted.port), 'refused')
  })

  it("reaches the outside world (a package registry) even when Docker has set the FORWARD policy to DROP", { skip: !dockerUser() && 'no Docker DOCKER-USER chain here' }, async () => {
    const policy = /^-P FORWARD (\w+)/m.exec(spawnSync('iptables', ['-S', 'FORWARD'], { encoding: 'utf8' }).stdout)?.[1] ?? 'ACCEPT'
    spawnSync('iptables', ['-P', 'FORWARD', 'DROP'])
    // A server starting after dockerd (its own state dir: a fence's start removes the namespaces in its records).
    const laterStateDir = mkdtempSync(join(tmpdir(), 'berth-fence-later-'))
    try {
      const later = await (await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir: laterStateDir })).open()
      try {
        assert.equal(await connectFrom(later.namespacePath, 'registry.npmjs.org', 443, 5000), 'connected')
      } finally {
        await later.close()
      }
    } finally {
      spawnSync('iptables', ['-P', 'FORWARD', policy])
      rmSync(laterStateDir, { recursive: true, force: true })
    }
  })

  it('removes the namespace on close, and records only what is open', async () => {
    const c = await fence.open()
    const name = c.namespacePath.split('/').pop()!
    assert.ok(readdirSync(stateDir).includes(name))
    await c.close()
    assert.equal(existsSync(c.namespacePath), false)
    assert.ok(!readdirSync(stateDir).includes(name))
  })
})

describe('names in a fenced sandbox on a host whose resolver is on its loopback (systemd-resolved)', { skip: !root && 'needs root to make network namespaces' }, () => {
  const { bwrap } = findSandbox('auto')
  const stateDir = mkdtempSync(join(tmpdir(), 'berth-fence-dns-'))
  // Where the bubblewrap of the sandbox's unprivileged user can read it.
  const dnsDir = mkdtempSync('/run/berth-test-dns-')
  chmodSync(dnsDir, 0o755)
  // This machine's real servers play systemd-resolved's upstreams; its stub is on the host's loopback.
  const upstreams = readFileSync('/etc/resolv.conf', 'utf8')
  const stubOnly = 'nameserver 127.0.0.53\noptions edns0 trust-ad\n'
  const resolves = async (net: FencedNetwork) => {
    const result = await runCommand(planSandbox({ bwrap, user: { uid: 65534, gid: 65534 }, mounts: [], command: ['getent', 'ahostsv4', 'registry.npmjs.org'], env: { PATH: '/usr/bin:/bin' }, cwd: '/', network: net }), { captureStdout: true, timeoutMs: 20_000 })
    return result.code === 0 && /STREAM/.test(result.stdout)
  }
  after(() => {
    rmSync(stateDir, { recursive: true, force: true })
    rmSync(dnsDir, { recursive: true, force: true })
  })

  it("resolves through systemd-resolved's upstream servers, where the host's stub cannot answer", { skip: !bwrap && 'needs bubblewrap' }, async () => {
    const hostFiles: Record<string, string> = { '/etc/resolv.conf': stubOnly, '/run/systemd/resolve/resolv.conf': upstreams }
    const dns = new SandboxDns(join(dnsDir, 'resolv.conf'), (path) => hostFiles[path] ?? null)
    const fence = await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir, dns })
    const net = await fence.open()
    try {
      assert.equal(net.resolvConf, join(dnsDir, 'resolv.conf'))
      assert.ok(await resolves(net), 'a name resolved in the sandbox')
      // The host's stub file as it is would not do: 127.0.0.53 is the sandbox's own loopback there.
      writeFileSync(join(dnsDir, 'stub.conf'), stubOnly, { mode: 0o644 })
      assert.equal(await resolves({ ...net, resolvConf: join(dnsDir, 'stub.conf') }), false)
    } finally {
      await net.close()
    }
  })

  it('says at start when no resolver is known off the host\'s loopback', async () => {
    const dns = new SandboxDns(join(dnsDir, 'none.conf'), (path) => (path === '/etc/resolv.conf' ? stubOnly : null))
    const fence = await NetworkFence.setUp({ network: parseIpv4Network('10.213.0.0/16')!, stateDir, dns })
    assert.match(fence.dnsProblem() ?? '', /names no DNS server a dyno or build in its own network can reach/)
  })
})
