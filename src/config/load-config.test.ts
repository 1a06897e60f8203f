import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './load-config.js'

describe('loadConfig', () => {
  it('gives web dynos ports from 20000-29999 unless BERTH_DYNO_PORTS names another range', () => {
    assert.deepEqual(loadConfig({}).runtime.dynoPorts, { first: 20000, last: 29999 })
    assert.deepEqual(loadConfig({ BERTH_DYNO_PORTS: ' 15000-15999 ' }).runtime.dynoPorts, { first: 15000, last: 15999 })
  })

  it('refuses a BERTH_DYNO_PORTS that is not a range of ports, naming the variable', () => {
    for (const bad of ['20000', '29999-20000', '0-100', '60000-70000', 'a-b']) {
      assert.throws(() => loadConfig({ BERTH_DYNO_PORTS: bad }), (error: unknown) => error instanceof ConfigError && /^BERTH_DYNO_PORTS must be a port range/.test(error.message), bad)
    }
  })

  it('allows no internal network for outgoing connections unless BERTH_OUTBOUND_ALLOW lists some', () => {
    assert.deepEqual(loadConfig({}).outbound.allow, [])
    assert.deepEqual(loadConfig({ BERTH_OUTBOUND_ALLOW: '10.0.5.0/24, fd00::/8 192.168.1.5' }).outbound.allow.map((n) => n.prefix), [24, 8, 32])
    assert.throws(() => loadConfig({ BERTH_OUTBOUND_ALLOW: '10.0.0.0/8,localhost' }), (error: unknown) => error instanceof ConfigError && /^BERTH_OUTBOUND_ALLOW .* "localhost" is not one$/.test(error.message))
  })

  it('serves HTTPS on 8443 with certificates from the local CA unless the operator gives a certificate and its key', () => {
    assert.deepEqual([loadConfig({}).routerTlsPort, loadConfig({}).routerTlsFiles], [8443, null])
    assert.equal(loadConfig({ BERTH_ROUTER_TLS_PORT: '0' }).routerTlsPort, 0)
    assert.deepEqual(loadConfig({ BERTH_ROUTER_TLS_CERT: '/etc/berth/wildcard.crt', BERTH_ROUTER_TLS_KEY: '/etc/berth/wildcard.key' }).routerTlsFiles,
      { certFile: '/etc/berth/wildcard.crt', keyFile: '/etc/berth/wildcard.key' })
    assert.throws(() => loadConfig({ BERTH_ROUTER_TLS_CERT: '/etc/berth/wildcard.crt' }), (error: unknown) => error instanceof ConfigError && /BERTH_ROUTER_TLS_KEY/.test(error.message))
    assert.throws(() => loadConfig({ BERTH_ROUTER_TLS_PORT: 'https' }), /BERTH_ROUTER_TLS_PORT must be a port number/)
  })

  it('forces HTTPS only when BERTH_FORCE_HTTPS says true, and refuses anything but true or false', () => {
    assert.equal(loadConfig({}).forceHttps, false)
    assert.equal(loadConfig({ BERTH_FORCE_HTTPS: 'true' }).forceHttps, true)
    assert.equal(loadConfig({ BERTH_FORCE_HTTPS: 'false' }).forceHttps, false)
    assert.throws(() => loadConfig({ BERTH_FORCE_HTTPS: 'yes' }), /BERTH_FORCE_HTTPS must be true or false/)
  })

  it("orders ACM certificates from Let's Encrypt unless BERTH_ACME_DIRECTORY_URL names another https:// directory", () => {
    const acme = loadConfig({}).acme
    assert.deepEqual(acme, { directoryUrl: 'https://acme-v02.api.letsencrypt.org/directory', email: null, caFile: null, pollMs: 30_000, retryMs: 60_000 })
    const custom = loadConfig({ BERTH_ACME_DIRECTORY_URL: 'https://127.0.0.1:14000/dir', BERTH_ACME_EMAIL: 'ops@example.com', BERTH_ACM_POLL: '2', BERTH_ACM_RETRY: '5' }).acme
    assert.deepEqual([custom.directoryUrl, custom.email, custom.pollMs, custom.retryMs], ['https://127.0.0.1:14000/dir', 'ops@example.com', 2000, 5000])
    for (const url of ['http://acme.example/dir', 'not a url', 'file:///etc/passwd']) {
      assert.throws(() => loadConfig({ BERTH_ACME_DIRECTORY_URL: url }), /BERTH_ACME_DIRECTORY_URL must be an https:\/\/ URL/, url)
    }
  })

  describe('BERTH_SCHEDULER=kubernetes', () => {
    const needed = { BERTH_SCHEDULER: 'kubernetes', BERTH_KUBERNETES_NAMESPACE: 'berth-apps', BERTH_STACK_IMAGE: 'heroku/heroku:24', BERTH_KUBERNETES_SLUG_ADDRESS: '10.20.0.5' }

    it('has no kubernetes settings under another scheduler', () => {
      assert.equal(loadConfig({}).runtime.kubernetes, null)
      assert.equal(loadConfig({ ...needed, BERTH_SCHEDULER: 'local' }).runtime.kubernetes, null)
    })

    it('puts apps in the namespace, fetches slugs from the address, and lets in only pods labelled as Berth in that namespace by default', () => {
      const config = loadConfig(needed)
      assert.equal(config.runtime.scheduler, 'kubernetes')
      assert.deepEqual(config.runtime.kubernetes, {
        namespace: 'berth-apps', stackImage: 'heroku/heroku:24',
        router: { namespace: 'berth-apps', podLabels: { 'app.kubernetes.io/name': 'berth' } },
        privateCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '169.254.0.0/16', '100.64.0.0/10'],
        slugAddress: { host: '10.20.0.5', port: 5081 },
        builds: 'docker',
      })
    })

    it('builds in containers of the stack image unless BERTH_KUBERNETES_BUILDS says local, and refuses anything else whatever the scheduler', () => {
      assert.equal(loadConfig({ ...needed, BERTH_KUBERNETES_BUILDS: '' }).runtime.kubernetes!.builds, 'docker')
      assert.equal(loadConfig({ ...needed, BERTH_KUBERNETES_BUILDS: 'docker' }).runtime.kubernetes!.builds, 'docker')
      assert.equal(loadConfig({ ...needed, BERTH_KUBERNETES_BUILDS: ' local ' }).runtime.kubernetes!.builds, 'local')
      for (const scheduler of ['kubernetes', 'local']) {
        for (const bad of ['sandbox', 'Docker', 'swarm']) {
          assert.throws(() => loadConfig({ ...needed, BERTH_SCHEDULER: scheduler, BERTH_KUBERNETES_BUILDS: bad }), (error: unknown) => error instanceof ConfigError
            && error.message === `BERTH_KUBERNETES_BUILDS must be docker (builds in containers of BERTH_STACK_IMAGE on this machine's Docker Engine) or local (the sandbox on this machine, against its OS), got "${bad}"`, `${bad} (${scheduler})`)
        }
      }
    })

    it('takes the router\'s namespace and labels, the private ranges (host bits cleared) and the slug port', () => {
      const settings = loadConfig({
        ...needed, BERTH_KUBERNETES_ROUTER_NAMESPACE: 'berth-system', BERTH_KUBERNETES_ROUTER_LABELS: 'app.kubernetes.io/name=berth-router, tier=edge',
        BERTH_KUBERNETES_PRIVATE_CIDRS: '10.96.0.5/12, 192.168.0.0/16,0.0.0.0/0', BERTH_KUBERNETES_SLUG_ADDRESS: '10.20.0.5:9000',
      }).runtime.kubernetes!
      assert.deepEqual(settings.router, { namespace: 'berth-system', podLabels: { 'app.kubernetes.io/name': 'berth-router', tier: 'edge' } })
      assert.deepEqual(settings.privateCidrs, ['10.96.0.0/12', '192.168.0.0/16', '0.0.0.0/0'])
      assert.deepEqual(settings.slugAddress, { host: '10.20.0.5', port: 9000 })
    })

    it('refuses to start without the namespace, the image or the slug address, naming all three', () => {
      for (const missing of ['BERTH_KUBERNETES_NAMESPACE', 'BERTH_STACK_IMAGE', 'BERTH_KUBERNETES_SLUG_ADDRESS'] as const) {
        assert.throws(() => loadConfig({ ...needed, [missing]: '' }), (error: unknown) => error instanceof ConfigError
          && /^BERTH_SCHEDULER=kubernetes needs BERTH_KUBERNETES_NAMESPACE .* BERTH_STACK_IMAGE .* BERTH_KUBERNETES_SLUG_ADDRESS /.test(error.message), missing)
      }
    })

    it('refuses bad values naming the variable, whatever the scheduler', () => {
      const bad: [string, string][] = [
        ['BERTH_KUBERNETES_NAMESPACE', 'Berth_Apps'], ['BERTH_KUBERNETES_NAMESPACE', 'a'.repeat(64)], ['BERTH_KUBERNETES_NAMESPACE', 'apps\0'],
        ['BERTH_KUBERNETES_ROUTER_NAMESPACE', '-system'],
        ['BERTH_KUBERNETES_ROUTER_LABELS', 'app'], ['BERTH_KUBERNETES_ROUTER_LABELS', 'a=b=c'], ['BERTH_KUBERNETES_ROUTER_LABELS', 'a=b,'],
        ['BERTH_KUBERNETES_ROUTER_LABELS', `a=${'v'.repeat(64)}`], ['BERTH_KUBERNETES_ROUTER_LABELS', 'bad key=x'],
        ['BERTH_KUBERNETES_PRIVATE_CIDRS', '10.0.0.0'], ['BERTH_KUBERNETES_PRIVATE_CIDRS', '10.0.0.0/33'], ['BERTH_KUBERNETES_PRIVATE_CIDRS', 'fd00::/8'],
        ['BERTH_KUBERNETES_SLUG_ADDRESS', 'berth.internal:5081'], ['BERTH_KUBERNETES_SLUG_ADDRESS', '10.0.0.256'], ['BERTH_KUBERNETES_SLUG_ADDRESS', '10.0.0.1:70000'],
      ]
      for (const [key, value] of bad) {
        for (const scheduler of ['kubernetes', 'local']) {
          assert.throws(() => loadConfig({ ...needed, BERTH_SCHEDULER: scheduler, [key]: value }), (error: unknown) => error instanceof ConfigError && error.message.startsWith(`${key} must `), `${key}=${value} (${scheduler})`)
        }
      }
      assert.throws(() => loadConfig({ BERTH_SCHEDULER: 'k8s' }), /BERTH_SCHEDULER must be local, docker, swarm or kubernetes/)
    })
  })
})
