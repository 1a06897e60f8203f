import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { LoopbackKubeApi } from '../fixtures/kubernetes/loopback-kube-api.js'
import type { StubProgramOf } from '../fixtures/kubernetes/stub-cluster.js'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { containerBuildsUnavailable } from '../support/container-builds.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { ensureTestStackImage, TEST_STACK_IMAGE } from '../support/swarm.js'
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

const BERTH_CLI = ['--import', 'tsx', new URL('../../src/main/cli.ts', import.meta.url).pathname]
// Builds run in the stack image on this machine's Docker Engine by default (BERTH_KUBERNETES_BUILDS=docker).
const containers = await containerBuildsUnavailable()
// The builds' bridge network: a test range of its own.
const BUILDS_SUBNET = '10.214.104.0/24'
const SETTINGS = {
  BERTH_SCHEDULER: 'kubernetes', BERTH_KUBERNETES_NAMESPACE: NAMESPACE, BERTH_STACK_IMAGE: TEST_STACK_IMAGE, BERTH_KUBERNETES_SLUG_ADDRESS: '127.0.0.1:0',
  BERTH_DOCKER_NETWORK: BUILDS_SUBNET,
}
const imagePattern = (image: string) => image.replace(/[.]/g, '\\.')

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

/** The network a server with this data dir builds on (open-stack-builds.ts: named after the server's tag). */
const buildsNetwork = (dataDir: string) => `berth-builds-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}`

// A real `berth server` with BERTH_SCHEDULER=kubernetes, its kubeconfig pointing at the loopback
// stand-in for the Kubernetes API: no cluster runs here. What this proves is the wiring (config,
// kubeconfig, slug server, builds in the stack image, the Scheduler port under the rollout and the
// API), not Kubernetes.
describe('berth server with BERTH_SCHEDULER=kubernetes, against the loopback API stub', { skip: containers ?? false }, () => {
  let stub: LoopbackKubeApi
  let berth: BerthProcess
  let dir: string
  let engine: DockerEngine
  const api = apiClient(() => berth.apiUrl, KEY)
  const applied = (kind: string) => stub.requests.filter((r) => r.method === 'PATCH' && r.body?.kind === kind).map((r) => r.body)

  before(async () => {
    engine = await DockerEngine.connect()
    await ensureTestStackImage(engine, BERTH_CLI)
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
    await engine?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('builds a push in the stack image, deploys it as a release phase Job, then a Deployment, with the config and the slug URL in Secrets, and reports the dyno up', async () => {
    assert.equal((await api('POST', '/apps', { name: APP })).status, 201)
    assert.equal((await api('PATCH', `/apps/${APP}/config-vars`, { GREETING: 'hello from the config Secret' })).status, 200)
    const repo = await fixtureRepo('inspector')
    const pushed = await git(['push', remoteUrl(berth.apiUrl, APP, KEY), 'main'], repo)
    rmSync(repo, { recursive: true, force: true })
    assert.equal(pushed.code, 0, `${pushed.stderr}\n${berth.output()}`)
    // Built where the dynos run, in containers of the stack image on this machine's engine, not on
    // this machine's root: the image's Node.js (Debian's 18; this machine runs Berth on 20), no npm.
    assert.match(pushed.stderr, new RegExp(`-----> Building on the .* stack, in the stack image ${imagePattern(TEST_STACK_IMAGE)}`))
    assert.match(pushed.stderr, /Using the machine's Node\.js\s+remote: +node v18\.\d+\.\d+, npm /)
    assert.match(pushed.stderr, /Using npm \d+\.\d+\.\d+ in the slug \(the stack image has none\)/)
    const subnet = await engine.check(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', buildsNetwork(berth.dataDir)], 'network inspect')
    assert.equal(subnet.trim(), BUILDS_SUBNET)
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
    assert.equal(deployment.spec.template.spec.containers[0].image, TEST_STACK_IMAGE)

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
    // The stack image has Debian's Node.js 18: 20.x comes from the runtime store.
    const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'))
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ ...manifest, engines: { node: '20.x' } }))
    await git(['commit', '-q', '-am', 'node 20'], repo)
    const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], repo)
    rmSync(repo, { recursive: true, force: true })
    assert.equal(pushed.code, 0, `${pushed.stderr}\n${berth.output()}`)
    const node = /Using node (20\.\d+\.\d+) from Berth's runtime store \(\/runtime-store\/node\/\1\)/.exec(pushed.stderr)?.[1]
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

  it('removes the builds\' network when it stops', async () => {
    const network = buildsNetwork(berth.dataDir)
    await berth.stop()
    assert.notEqual((await engine.run(['network', 'inspect', network])).code, 0, `${network} is left behind`)
  })
})

/** What `berth server` says when it refuses to start, or `it started`. */
const refusal = (dataDir: string, env: Record<string, string>) => startBerthProcess({ ...SETTINGS, ...env }, { dataDir })
  .then(async (berth) => { await berth.stop(); return 'it started' }, (error: Error) => error.message)

// For an operator without Docker on Berth's machine, and what stops Berth when builds cannot run in the stack image.
describe('berth server with BERTH_SCHEDULER=kubernetes, building in the local sandbox or unable to build in the stack image', () => {
  let stub: LoopbackKubeApi
  let berth: BerthProcess | undefined
  let dir: string
  const api = apiClient(() => berth!.apiUrl, KEY)

  before(async () => {
    stub = await LoopbackKubeApi.start(programs)
    dir = mkdtempSync(join(tmpdir(), 'berth-kubeconfig-'))
    writeKubeconfig(join(dir, 'config'), stub.url)
  })

  after(async () => {
    await berth?.stop()
    await stub?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('with BERTH_KUBERNETES_BUILDS=local, builds in the sandbox on this machine, and deploys the slug', async () => {
    berth = await startBerthProcess({
      ...SETTINGS, BERTH_KUBERNETES_BUILDS: 'local', BERTH_ADMIN_API_KEY: KEY, KUBECONFIG: join(dir, 'config'), BERTH_BOOT_TIMEOUT: '20', BERTH_STOP_TIMEOUT: '2',
    })
    const app = 'kube-local'
    assert.equal((await api('POST', '/apps', { name: app })).status, 201)
    const repo = await fixtureRepo('node-engines')
    const pushed = await git(['push', remoteUrl(berth.apiUrl, app, KEY), 'main'], repo)
    rmSync(repo, { recursive: true, force: true })
    assert.equal(pushed.code, 0, `${pushed.stderr}\n${berth.output()}`)
    // This machine's OS, and its Node.js (Berth's 20) is not the 18.x asked for: that comes from the runtime store.
    assert.match(pushed.stderr, /-----> Building on the [\w-]+ stack\s/)
    assert.doesNotMatch(pushed.stderr, /in the stack image/)
    assert.match(pushed.stderr, /Using node 18\.\d+\.\d+ from Berth's runtime store/)
    assert.equal((await api('GET', `/apps/${app}/releases`)).body.at(-1).status, 'succeeded')
    await waitFor(async () => (await api('GET', `/apps/${app}/dynos`)).body.some((d: any) => d.name === 'web.1' && d.state === 'up'), { timeoutMs: 20_000, what: `${app}'s web.1 up` })
  })

  const cannotBuild = /exited with 1:\nberth: BERTH_KUBERNETES_BUILDS=docker \(the default\) runs each build step in a container of \S+ on this machine's Docker Engine, and cannot: (.*)\. Fix that, or set BERTH_KUBERNETES_BUILDS=local to build in the sandbox on this machine/

  it('refuses to start when no Docker Engine answers, naming BERTH_KUBERNETES_BUILDS=local', async () => {
    const said = await refusal(mkdtempSync(join(dir, 'data-')), { KUBECONFIG: join(dir, 'config'), BERTH_DOCKER_HOST: 'unix:///run/berth-test-no-docker.sock' })
    assert.match(cannotBuild.exec(said)?.[1] ?? said, /the Docker Engine at unix:\/\/\/run\/berth-test-no-docker\.sock does not answer|no docker command/)
  })

  it('refuses to start when the stack image is not on this machine\'s engine, naming BERTH_KUBERNETES_BUILDS=local', { skip: containers ?? false }, async () => {
    const said = await refusal(mkdtempSync(join(dir, 'data-')), { KUBECONFIG: join(dir, 'config'), BERTH_STACK_IMAGE: 'berth/no-such-stack:0' })
    assert.match(cannotBuild.exec(said)?.[1] ?? said, /^the stack image berth\/no-such-stack:0 is not on the Docker Engine at unix:\/\/\/var\/run\/docker\.sock, where builds run in it/)
  })
})

describe('berth server with BERTH_SCHEDULER=kubernetes and no cluster', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'berth-kubeconfig-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))


  it('refuses to start when the kubeconfig\'s API server does not answer, naming the namespace', async () => {
    writeKubeconfig(join(dir, 'config'), 'http://127.0.0.1:1')
    assert.match(await refusal(mkdtempSync(join(dir, 'data-')), { KUBECONFIG: join(dir, 'config') }), /exited with 1:\nberth: BERTH_SCHEDULER=kubernetes: cannot list pods in namespace berth-apps: /)
  })

  // In a pod, the client finds the pod's service account instead.
  const inPod = existsSync('/var/run/secrets/kubernetes.io/serviceaccount/token') && 'running in a pod: the client would use its service account'
  it('refuses to start without a kubeconfig rather than try the client\'s unauthenticated localhost:8080', { skip: inPod }, async () => {
    assert.match(await refusal(mkdtempSync(join(dir, 'data-')), { KUBECONFIG: '', HOME: dir }), /exited with 1:\nberth: BERTH_SCHEDULER=kubernetes needs a cluster: set KUBECONFIG/)
  })
})
