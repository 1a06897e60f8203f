import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KubeConfig } from '@kubernetes/client-node'
import { EXAMPLE_TARGET } from '../../../test/fixtures/kubernetes/manifest-examples.js'
import { LoopbackKubeApi } from '../../../test/fixtures/kubernetes/loopback-kube-api.js'
import type { StubProgramOf } from '../../../test/fixtures/kubernetes/stub-cluster.js'
import { waitFor } from '../../../test/support/wait-for.js'
import type { LogLine } from '../../logs/log-sink.js'
import { runSchedulerContract, specFor } from '../scheduler.contract.js'
import { KubeApi } from './kube-api.js'
import { KubernetesScheduler, type KubernetesSchedulerOptions } from './kubernetes-scheduler.js'
import { planAppManifests } from './plan-manifests.js'

/** What the contract's fixture apps do (by the slug their pod downloads) and its commands print, as the stub kubelet's programs. */
const fixtures: StubProgramOf = ({ slugUrl, command, env }) => {
  if (slugUrl.includes('/crash-at-boot.tgz')) return { lines: ['booting'], exitAtBoot: 1 }
  if (slugUrl.includes('/never-binds.tgz')) return { bootMs: Infinity }
  if (slugUrl.includes('/ignores-sigterm.tgz')) return { onSigterm: { lines: ['ignoring SIGTERM'], exitAfterMs: Infinity } }
  if (command === 'node worker.js') return { lines: [`worker ${env.DYNO} started`] }
  if (command === 'node release.js') {
    return { lines: [`release phase for ${env.HEROKU_RELEASE_VERSION}`, ...(env.FAIL_RELEASE ? ['migration failed'] : [])], exitCode: env.FAIL_RELEASE ? 2 : 0 }
  }
  return { onSigterm: { lines: ['SIGTERM received, finishing in-flight requests'] } }
}

async function openStub(options: Partial<KubernetesSchedulerOptions> = {}) {
  const stub = await LoopbackKubeApi.start(fixtures)
  const config = new KubeConfig()
  config.loadFromOptions({
    clusters: [{ name: 'stub', server: stub.url, skipTLSVerify: true }], users: [{ name: 'berth', token: 'stub-token' }],
    contexts: [{ name: 'stub', cluster: 'stub', user: 'berth', namespace: EXAMPLE_TARGET.namespace }], currentContext: 'stub',
  })
  const lines: LogLine[] = []
  const target = { ...EXAMPLE_TARGET, stopTimeoutMs: 1000 }
  const slugUrlOf = (spec: { slugId: string }) => `https://berth.test/slugs/${spec.slugId}.tgz?token=t`
  const scheduler = new KubernetesScheduler({ api: new KubeApi(config), target, slugUrlOf, logs: { write: (line) => lines.push(line) }, bootTimeoutMs: 1000, ...options })
  const podOf = (dynoHost: string) => stub.cluster.pods(target.namespace).find((pod) => pod.status?.podIP === dynoHost && !pod.metadata.deletionTimestamp)
  return { stub, scheduler, lines, target, slugUrlOf, podOf }
}

// The stub's kubelet runs no process: each pod does what its fixture program says on timers. What
// this proves is the scheduler's side: what it sends, and how it reads pods, watches and logs.
runSchedulerContract('KubernetesScheduler (loopback API stub; pods simulated, no processes)', async () => {
  const { stub, scheduler, lines, podOf } = await openStub()
  return {
    scheduler, lines, files: null,
    envOf: async (dyno) => stub.cluster.env.get(podOf(dyno.host)!.metadata.name) ?? {},
    startedAt: async (dyno) => new Date(podOf(dyno.host)!.status.containerStatuses[0].state.running.startedAt).getTime(),
    cleanup: async () => {
      await scheduler.shutdown()
      await stub.close()
    },
  }
})

describe('KubernetesScheduler against the loopback API', () => {
  it('sends exactly the planned manifests, by server-side apply as Berth\'s field manager', async (t) => {
    const { stub, scheduler, target, slugUrlOf } = await openStub()
    t.after(async () => { await scheduler.shutdown(); await stub.close() })
    const spec = { ...specFor('inspector'), grants: [{ host: '10.30.0.7', port: 5432 }] }
    await scheduler.apply(spec.appId, [spec])
    const planned = planAppManifests(target, [spec], slugUrlOf)
    const applied = stub.requests.filter((r) => r.method === 'PATCH')
    assert.ok(applied.length > 0 && applied.every((r) => r.contentType === 'application/apply-patch+yaml' && /[?&]fieldManager=berth(&|$)/.test(r.path) && /[?&]force=true(&|$)/.test(r.path)))
    const sent = new Map(applied.map((r) => [`${r.body.kind}/${r.body.metadata.name}`, r.body]))
    for (const manifest of [...planned.secrets, planned.networkPolicy!, planned.service!, ...planned.deployments]) {
      assert.deepEqual(sent.get(`${manifest.kind}/${manifest.metadata.name}`), JSON.parse(JSON.stringify(manifest)), `${manifest.kind} ${manifest.metadata.name}`)
    }
  })

  it('reports an OOMKilled container with R15, and its restart as a crash', async (t) => {
    const { stub, scheduler, lines, target } = await openStub()
    t.after(async () => { await scheduler.shutdown(); await stub.close() })
    const spec = specFor('inspector', { type: 'worker', name: 'worker.1', command: 'node worker.js' })
    const [dyno] = await scheduler.apply(spec.appId, [spec])
    await scheduler.waitUntilUp(dyno!.id)
    const pod = stub.cluster.pods(target.namespace).find((p) => p.metadata.labels?.['berth.dev/app'] === spec.appId)!
    const status = pod.status.containerStatuses[0]
    Object.assign(status, { state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', containerID: status.containerID } } })
    stub.cluster.apply(pod)
    await waitFor(() => scheduler.list(spec.appId)[0]!.state === 'crashed', { what: 'the crash' })
    const messages = lines.filter((l) => l.appId === spec.appId && l.source === 'heroku').map((l) => l.message)
    assert.ok(messages.includes('Error R15 (Memory quota vastly exceeded)'))
    assert.ok(messages.includes('Process exited with status 137'))
  })

  describe('with a slug that runs on a runtime from Berth\'s store', () => {
    const NODE_SHA = 'c0ffee'.repeat(10) + 'c0ff'
    const runtimeOf = async (ref: string) => ({ url: `http://10.20.0.5:5081/runtimes/${ref}?expires=9&signature=abc`, sha256: NODE_SHA })
    const decode = (value: string) => Buffer.from(value, 'base64').toString('utf8')

    it('puts the runtime\'s URL in the slug Secret, and mounts the runtime read-only where the slug expects it', async (t) => {
      const asked: string[] = []
      const { stub, scheduler } = await openStub({ runtimeOf: (ref) => { asked.push(ref); return runtimeOf(ref) } })
      t.after(async () => { await scheduler.shutdown(); await stub.close() })
      const web = specFor('inspector', { runtimes: ['node@20.11.1'] })
      const worker = { ...web, name: 'worker.1', type: 'worker', command: 'node worker.js' }
      await scheduler.apply(web.appId, [web, worker])
      assert.deepEqual(asked, ['node@20.11.1'], 'each runtime is asked for once an apply')
      const sent = stub.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)
      const slugSecret = sent.find((o) => o.kind === 'Secret' && o.metadata.name.endsWith('-slug'))
      assert.equal(decode(slugSecret.data.RUNTIME_URLS), 'node/20.11.1 http://10.20.0.5:5081/runtimes/node@20.11.1?expires=9&signature=abc')
      for (const deployment of sent.filter((o) => o.kind === 'Deployment')) {
        const pod = deployment.spec.template.spec
        const init = pod.initContainers[0]
        assert.deepEqual(init.env.find((v: any) => v.name === 'RUNTIMES'), { name: 'RUNTIMES', value: `node/20.11.1 ${NODE_SHA}` })
        assert.deepEqual(init.env.find((v: any) => v.name === 'RUNTIME_URLS').valueFrom, { secretKeyRef: { name: slugSecret.metadata.name, key: 'RUNTIME_URLS' } })
        assert.ok(!JSON.stringify(pod).includes('signature='), 'no capability URL in the pod template')
        assert.deepEqual(init.volumeMounts.find((m: any) => m.name === 'runtimes'), { name: 'runtimes', mountPath: '/runtime-store' })
        assert.deepEqual(pod.containers[0].volumeMounts.find((m: any) => m.name === 'runtimes'), { name: 'runtimes', mountPath: '/runtime-store/node/20.11.1', subPath: 'node/20.11.1', readOnly: true })
        assert.deepEqual(pod.volumes.find((v: any) => v.name === 'runtimes'), { name: 'runtimes', emptyDir: {} })
      }

      // The release phase's Job gets them the same way.
      const result = await scheduler.runTask({ ...web, name: 'release.1', type: 'release', command: 'node release.js' }, { timeoutMs: 10_000 })
      assert.equal(result.exitCode, 0)
      const job = stub.requests.filter((r) => r.method === 'PATCH' && r.body.kind === 'Job').at(-1)!.body
      assert.ok(job.spec.template.spec.containers[0].volumeMounts.some((m: any) => m.mountPath === '/runtime-store/node/20.11.1'))
    })

    it('refuses to apply, and applies nothing, when it has no way to deliver runtimes', async (t) => {
      const { stub, scheduler } = await openStub()
      t.after(async () => { await scheduler.shutdown(); await stub.close() })
      const spec = specFor('inspector', { runtimes: ['node@20.11.1'] })
      await assert.rejects(scheduler.apply(spec.appId, [spec]), /runs on node@20\.11\.1 from Berth's runtime store, and this scheduler has no way to deliver runtimes to pods/)
      await assert.rejects(scheduler.runTask({ ...spec, name: 'release.1', type: 'release' }, { timeoutMs: 1000 }), /no way to deliver runtimes/)
      assert.deepEqual(stub.requests.filter((r) => r.method === 'PATCH'), [])
      assert.deepEqual(scheduler.list(spec.appId), [])
    })

    it('refuses a runtime source that would break the init container\'s lines', async (t) => {
      const { stub, scheduler } = await openStub({ runtimeOf: async () => ({ url: 'http://10.20.0.5/runtimes/x\nnode/1.2.3 http://evil.test/', sha256: NODE_SHA }) })
      t.after(async () => { await scheduler.shutdown(); await stub.close() })
      const spec = specFor('inspector', { runtimes: ['node@20.11.1'] })
      await assert.rejects(scheduler.apply(spec.appId, [spec]), /the URL of the runtime node@20\.11\.1 is not an http\(s\) URL/)
      assert.deepEqual(stub.requests.filter((r) => r.method === 'PATCH'), [])
    })
  })
})
