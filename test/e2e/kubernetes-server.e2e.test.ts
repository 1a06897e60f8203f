import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { LoopbackKubeApi } from '../fixtures/kubernetes/loopback-kube-api.js'
import type { StubProgramOf } from '../fixtures/kubernetes/stub-cluster.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_kubernetes_admin_key_0123456789'
const NAMESPACE = 'berth-apps'
const APP = 'kube-inspector'

// The stub's kubelet runs no process (test/fixtures/kubernetes/stub-cluster.ts): a pod does what
// this says for its command. The release phase prints and succeeds, web dynos become ready, and
// the worker exits at boot, so the kubelet reports CrashLoopBackOff.
const programs: StubProgramOf = ({ command }) => {
  if (command === 'node release.js') return { lines: ['release phase in the stub'], exitCode: 0 }
  if (command === 'node worker.js') return { lines: ['worker booting'], exitAtBoot: 1 }
  return {}
}

const SETTINGS = { BERTH_SCHEDULER: 'kubernetes', BERTH_KUBERNETES_NAMESPACE: NAMESPACE, BERTH_STACK_IMAGE: 'heroku/heroku:24', BERTH_KUBERNETES_SLUG_ADDRESS: '127.0.0.1:0' }

/** A kubeconfig as kubectl would read it (JSON is YAML); the client speaks plain HTTP only when told to skip TLS checks. */
function writeKubeconfig(path: string, server: string): void {
  writeFileSync(path, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'stub',
    clusters: [{ name: 'stub', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'berth', user: { token: 'stub-token' } }],
    contexts: [{ name: 'stub', context: { cluster: 'stub', user: 'berth', namespace: NAMESPACE } }],
  }))
}

const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8')

// A real `berth server` with BERTH_SCHEDULER=kubernetes, its kubeconfig pointing at the loopback
// stand-in for the Kubernetes API: no cluster runs here. What this proves is the wiring (config,
// kubeconfig, slug server, the Scheduler port under the rollout and the API), not Kubernetes.
describe('berth server with BERTH_SCHEDULER=kubernetes, against the loopback API stub', () => {
  let stub: LoopbackKubeApi
  let berth: BerthProcess
  let dir: string
  const api = apiClient(() => berth.apiUrl, KEY)
  const applied = (kind: string) => stub.requests.filter((r) => r.method === 'PATCH' && r.body?.kind === kind).map((r) => r.body)

  before(async () => {
    stub = await LoopbackKubeApi.start(programs)
    dir = mkdtempSync(join(tmpdir(), 'berth-kubeconfig-'))
    writeKubeconfig(join(dir, 'config'), stub.url)
    berth = await startBerthProcess({
      ...SETTINGS, BERTH_ADMIN_API_KEY: KEY, KUBECONFIG: join(dir, 'config'), BERTH_BOOT_TIMEOUT: '20', BERTH_STOP_TIMEOUT: '2',
    })
  })

  after(async () => {
    await berth?.stop()
    await stub?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('deploys a push as a release phase Job, then a Deployment, with the config and the slug URL in Secrets, and reports the dyno up', async () => {
    assert.equal((await api('POST', '/apps', { name: APP })).status, 201)
    assert.equal((await api('PATCH', `/apps/${APP}/config-vars`, { GREETING: 'hello from the config Secret' })).status, 200)
    const repo = await fixtureRepo('inspector')
    const pushed = await git(['push', remoteUrl(berth.apiUrl, APP, KEY), 'main'], repo)
    rmSync(repo, { recursive: true, force: true })
    assert.equal(pushed.code, 0, `${pushed.stderr}\n${berth.output()}`)
    // The release phase's output, followed from its pod's log.
    assert.match(pushed.stderr, /release phase in the stub/)
    const release = (await api('GET', `/apps/${APP}/releases`)).body.at(-1)
    assert.deepEqual([release.status, release.current], ['succeeded', true])
    const version = release.version as number

    const [job] = applied('Job')
    assert.equal(job?.metadata.namespace, NAMESPACE)
    assert.match(job.metadata.name, new RegExp(`^${APP}-release-\\d+-v${version}$`))
    const [deployment] = applied('Deployment')
    // A Deployment per process type of a release and generation (a rollout boots a new generation beside the serving one).
    assert.match(deployment?.metadata.name ?? '', new RegExp(`^${APP}-web-v${version}-g\\d+$`))
    assert.equal(deployment.spec.replicas, 1)
    assert.equal(deployment.spec.template.spec.containers[0].image, 'heroku/heroku:24')

    const secrets = applied('Secret')
    const config = secrets.find((s) => s.metadata.name.startsWith(`${APP}-v${version}-config-`))
    assert.equal(decode(config?.data.GREETING ?? ''), 'hello from the config Secret')
    const slugSecret = secrets.find((s) => s.metadata.name === `${APP}-v${version}-slug`)
    const slugUrl = decode(slugSecret?.data.SLUG_URL ?? '')
    assert.match(slugUrl, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/slugs/${release.slug.id}\\?expires=\\d+&signature=[0-9a-f]{64}$`))

    const fence = applied('NetworkPolicy').find((p) => p.metadata.name === `${APP}-fence`)
    assert.deepEqual(fence?.spec.ingress[0].from[0].namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': NAMESPACE })
    assert.ok(fence.spec.egress.some((rule: any) => rule.to?.[0]?.ipBlock?.cidr === '127.0.0.1/32'), 'the slug server is let through the fence')

    const dynos = (await api('GET', `/apps/${APP}/dynos?extended=true`)).body
    const pod = stub.cluster.pods(NAMESPACE).find((p) => p.metadata.labels['berth.dev/set'] === deployment.metadata.name && !p.metadata.deletionTimestamp)
    assert.deepEqual(dynos.map((d: any) => [d.name, d.state, d.release.version, d.extended.ip, d.extended.port]), [['web.1', 'up', version, pod?.status.podIP, 5000]])
  })

  it('serves the slug Secret\'s URL to GET only, as the archive the release recorded', async () => {
    const release = (await api('GET', `/apps/${APP}/releases`)).body.at(-1)
    const slug = (await api('GET', `/apps/${APP}/slugs/${release.slug.id}`)).body
    const slugUrl = decode(stub.cluster.objects.get(`Secret/${NAMESPACE}/${APP}-v${release.version}-slug`)!.data!.SLUG_URL!)
    const got = await fetch(slugUrl)
    assert.equal(got.status, 200)
    assert.equal(`SHA256:${createHash('sha256').update(Buffer.from(await got.arrayBuffer())).digest('hex')}`, slug.checksum)
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const refused = await fetch(slugUrl, { method })
      assert.deepEqual([refused.status, refused.headers.get('allow')], [405, 'GET'], method)
    }
    const forged = await fetch(slugUrl.replace(/signature=(.)/, (_, c: string) => `signature=${c === '0' ? '1' : '0'}`))
    assert.equal(forged.status, 404)
  })

  it('delivers the Node.js a slug runs on from Berth\'s runtime store: its URL in the slug Secret, served to GET only, mounted where the slug expects it', async () => {
    const app = 'kube-engines'
    assert.equal((await api('POST', '/apps', { name: app })).status, 201)
    const repo = await fixtureRepo('node-engines')
    const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], repo)
    rmSync(repo, { recursive: true, force: true })
    assert.equal(pushed.code, 0, `${pushed.stderr}\n${berth.output()}`)
    const node = /Using node (18\.\d+\.\d+) from Berth's runtime store \(\/runtime-store\/node\/\1\)/.exec(pushed.stderr)?.[1]
    assert.ok(node, pushed.stderr)
    const version = (await api('GET', `/apps/${app}/releases`)).body.at(-1).version as number

    const slugSecret = stub.cluster.objects.get(`Secret/${NAMESPACE}/${app}-v${version}-slug`)!
    const [path, url, ...rest] = decode(slugSecret.data!.RUNTIME_URLS ?? '').split(' ')
    assert.deepEqual([path, rest], [`node/${node}`, []])
    assert.match(url!, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/runtimes/node@${node.replace(/\./g, '\\.')}\\?expires=\\d+&signature=[0-9a-f]{64}$`))
    const deployment = applied('Deployment').find((d) => d.metadata.name.startsWith(`${app}-web-v${version}`))
    const pod = deployment.spec.template.spec
    const sha = pod.initContainers[0].env.find((v: any) => v.name === 'RUNTIMES')?.value.split(' ')[1]
    assert.deepEqual(pod.containers[0].volumeMounts.find((m: any) => m.name === 'runtimes'), { name: 'runtimes', mountPath: `/runtime-store/node/${node}`, subPath: `node/${node}`, readOnly: true })

    // The URL serves the runtime's tarball, whose sha256 the pod template pins, and nothing but GET.
    const got = await fetch(url!)
    assert.equal(got.status, 200)
    const tarball = Buffer.from(await got.arrayBuffer())
    assert.equal(createHash('sha256').update(tarball).digest('hex'), sha)
    const listed = spawnSync('tar', ['-tzf', '-'], { input: tarball, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    assert.ok(listed.stdout.split('\n').includes('./bin/node'), 'the tarball holds bin/node at its top')
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const refused = await fetch(url!, { method })
      assert.deepEqual([refused.status, refused.headers.get('allow')], [405, 'GET'], method)
    }
    await waitFor(async () => (await api('GET', `/apps/${app}/dynos`)).body.some((d: any) => d.name === 'web.1' && d.state === 'up'), { timeoutMs: 20_000, what: `${app}'s web.1 up` })
  })

  it('reports a worker whose container keeps exiting as crashed, beside the web dyno still up', async () => {
    const scaled = await api('PATCH', `/apps/${APP}/formation/worker`, { quantity: 1 })
    assert.equal(scaled.status, 200)
    const dynos = await waitFor(async () => {
      const listed = (await api('GET', `/apps/${APP}/dynos`)).body as any[]
      return listed.some((d) => d.name === 'worker.1' && d.state === 'crashed') ? listed : null
    }, { timeoutMs: 20_000, what: 'worker.1 crashed' })
    assert.deepEqual(dynos.map((d) => [d.name, d.state]).sort(), [['web.1', 'up'], ['worker.1', 'crashed']])
    const version = dynos[0].release.version
    assert.ok(applied('Deployment').some((d) => d.metadata.name.startsWith(`${APP}-worker-v${version}`) && d.spec.replicas === 1))
  })
})

describe('berth server with BERTH_SCHEDULER=kubernetes and no cluster', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'berth-kubeconfig-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  const refusal = (env: Record<string, string>) => startBerthProcess({ ...SETTINGS, ...env }, { dataDir: mkdtempSync(join(dir, 'data-')) })
    .then(async (berth) => { await berth.stop(); return 'it started' }, (error: Error) => error.message)

  it('refuses to start when the kubeconfig\'s API server does not answer, naming the namespace', async () => {
    writeKubeconfig(join(dir, 'config'), 'http://127.0.0.1:1')
    assert.match(await refusal({ KUBECONFIG: join(dir, 'config') }), /exited with 1:\nberth: BERTH_SCHEDULER=kubernetes: cannot list pods in namespace berth-apps: /)
  })

  // In a pod, the client finds the pod's service account instead.
  const inPod = existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token') && 'running in a pod: the client would use its service account'
  it('refuses to start without a kubeconfig rather than try the client\'s unauthenticated localhost:8080', { skip: inPod }, async () => {
    assert.match(await refusal({ KUBECONFIG: '', HOME: dir }), /exited with 1:\nberth: BERTH_SCHEDULER=kubernetes needs a cluster: set KUBECONFIG/)
  })
})
