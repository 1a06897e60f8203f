import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { KubeConfig } from '@kubernetes/client-node'
import { create as createTar } from 'tar'
import { KubeApi } from '../../src/scheduler/kubernetes/kube-api.js'
import { KubernetesScheduler } from '../../src/scheduler/kubernetes/kubernetes-scheduler.js'
import { specFor } from '../../src/scheduler/scheduler.contract.js'
import type { LogLine } from '../../src/logs/log-sink.js'
import { EXAMPLE_TARGET } from '../fixtures/kubernetes/manifest-examples.js'
import { waitFor } from '../support/wait-for.js'

// Opt-in: a real cluster, named by KUBECONFIG (its current context). The namespace must exist
// (BERTH_TEST_KUBERNETES_NAMESPACE, default berth-e2e). Pods fetch the test's slug from this machine,
// which the cluster must reach at BERTH_TEST_KUBERNETES_HOST (with kind: the Docker bridge's gateway).
const env = process.env
const skip = env.KUBECONFIG ? false : 'KUBECONFIG is not set: no cluster to run dynos on'

describe('KubernetesScheduler on a real cluster', { skip }, () => {
  const lines: LogLine[] = []
  const dir = mkdtempSync(join(tmpdir(), 'berth-k8s-e2e-'))
  const slug = createServer((_request, response) => response.end(readFileSync(join(dir, 'slug.tgz'))))
  let scheduler: KubernetesScheduler
  let checksum: string

  before(async () => {
    writeFileSync(join(dir, 'hello.txt'), 'hello from the slug\n')
    await createTar({ gzip: true, cwd: dir, file: join(dir, 'slug.tgz') }, ['hello.txt'])
    checksum = `SHA256:${createHash('sha256').update(readFileSync(join(dir, 'slug.tgz'))).digest('hex')}`
    await new Promise<void>((resolve) => slug.listen(0, '0.0.0.0', resolve))
    const config = new KubeConfig()
    config.loadFromDefault()
    const port = (slug.address() as AddressInfo).port
    const target = { ...EXAMPLE_TARGET, namespace: env.BERTH_TEST_KUBERNETES_NAMESPACE ?? 'berth-e2e', privateCidrs: [], slugSourceCidrs: [] }
    scheduler = new KubernetesScheduler({
      api: new KubeApi(config), target, logs: { write: (line) => lines.push(line) }, bootTimeoutMs: 120_000,
      slugUrlOf: () => `http://${env.BERTH_TEST_KUBERNETES_HOST ?? '172.17.0.1'}:${port}/slug.tgz`,
    })
  })

  after(async () => {
    await scheduler?.shutdown()
    slug.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs a release phase as a Job in the slug it downloaded, with its output and exit status', async () => {
    const spec = specFor('e2e', { name: 'release.1', type: 'release', slugChecksum: checksum, command: 'cat /app/hello.txt; echo "release $HEROKU_RELEASE_VERSION as $DYNO"; exit 3' })
    const output: string[] = []
    const result = await scheduler.runTask(spec, { timeoutMs: 180_000, onLine: (line) => output.push(line) })
    assert.deepEqual(result, { exitCode: 3, timedOut: false })
    assert.deepEqual(output, ['hello from the slug', 'release v3 as release.1'])
  })

  it('runs a worker dyno up to its log line, then stops it', async () => {
    const spec = specFor('e2e', { name: 'worker.1', type: 'worker', slugChecksum: checksum, command: 'echo "worker $DYNO started"; exec sleep 3600' })
    const [dyno] = await scheduler.apply(spec.appId, [spec])
    await scheduler.waitUntilUp(dyno!.id)
    await waitFor(() => lines.some((l) => l.appId === spec.appId && l.message === 'worker worker.1 started'), { timeoutMs: 60_000, what: 'the worker\'s output' })
    await scheduler.apply(spec.appId, [])
    await waitFor(() => scheduler.list(spec.appId).length === 0, { timeoutMs: 60_000, what: 'the worker to stop' })
  })
})
