import { createHash } from 'node:crypto'
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { create as createTar } from 'tar'
import { DockerEngine } from '../../src/scheduler/docker/docker-engine.js'
import { EngineApi } from '../../src/scheduler/docker/engine-api.js'
import { accepts } from '../../src/scheduler/local/free-port.js'
import { SlugServer } from '../../src/scheduler/swarm/slug-server.js'
import { SwarmDynos } from '../../src/scheduler/swarm/swarm-dynos.js'
import { MANAGER_ADDRESS, TEST_STACK_IMAGE, type TestSwarm } from '../../test/support/swarm.js'

interface RunningTask {
  NodeID: string
  Status: { State: string; ContainerStatus?: { ContainerID?: string } }
}

/**
 * A swarm service's own start time, the floor for swarm dynos: the same service Berth creates for a
 * web dyno of this app (SwarmDynos' launch: Swarm places it, the container fetches and unpacks the
 * slug, the app boots), from the service create call until it accepts connections on its node's
 * address. Each start is also split at the container's start, read from `docker inspect
 * {{.State.StartedAt}}` on the node that ran it: the runtime sets it when the process starts, in
 * nanoseconds, while the task's Status.Timestamp is when the node's agent reported `running` (after
 * the start returned) and is overwritten by every later state. Both nodes share this machine's clock.
 */
export async function serviceBoots(app: string, swarm: TestSwarm, count = 10): Promise<{ times: number[]; toContainerStart: number[]; failedStarts: number }> {
  const starts = await openServiceStarts(app, swarm)
  const times: number[] = []
  const toContainerStart: number[] = []
  try {
    // The first start also makes the app's overlay network; it is not counted.
    await starts.start()
    for (let i = 0; i < count; i++) {
      const sample = await starts.start()
      if (!sample) continue
      times.push(sample.ms)
      if (sample.toContainerStartMs !== null) toContainerStart.push(sample.toContainerStartMs)
    }
  } finally {
    await starts.close()
  }
  return { times, toContainerStart, failedStarts: starts.failedStarts() }
}

/**
 * One service start at a time, for a floor measured between the rollbacks (`start`: null when the
 * engine failed to start it, which Docker 20.10 sometimes does, EBUSY remounting its secrets: that
 * sample is left out, and counted).
 */
export async function openServiceStarts(app: string, swarm: TestSwarm, serverTag = 'benchfloor') {
  const dir = mkdtempSync(join(tmpdir(), 'berth-bench-slug-'))
  const archive = join(dir, 'slug.tgz')
  await createTar({ gzip: true, file: archive, cwd: app, portable: true, filter: (path) => !path.startsWith('./.git') }, ['.'])
  const checksum = `SHA256:${createHash('sha256').update(readFileSync(archive)).digest('hex')}`
  const slugServer = await SlugServer.listen({ host: MANAGER_ADDRESS, port: 0, archives: { get: async () => createReadStream(archive) } })
  const dynos = await SwarmDynos.open({
    engine: await DockerEngine.connect(), serverTag, image: TEST_STACK_IMAGE, slugUrl: (id) => slugServer.url(id), user: { uid: 65534, gid: 65534 }, stopTimeoutMs: 6000,
  })
  const api = EngineApi.at(swarm.manager.host)
  const engines = new Map<string, DockerEngine>()
  for (const engine of [swarm.manager, swarm.worker]) engines.set((await engine.check(['info', '--format', '{{.Swarm.NodeID}}'], 'info')).trim(), engine)
  let failedStarts = 0
  let started = 0
  return {
    failedStarts: () => failedStarts,
    async start(): Promise<{ ms: number; toContainerStartMs: number | null } | null> {
      const spec = { appId: 'a', appName: 'a', name: 'web.1', type: 'web', releaseId: 'r', releaseVersion: 1, slugId: 's', slugChecksum: checksum, command: 'node server.js', size: 'Basic', env: {}, healthCheckPath: null }
      const port = 22100 + (started++ % 800)
      const wallClock = Date.now()
      const begun = performance.now()
      const launch = await dynos.launch(spec, `floor-${started}`, port)
      try {
        while (!(await accepts(port, launch.host, 20)) && performance.now() - begun < 30_000) await new Promise((resolve) => setTimeout(resolve, 2))
        const ms = performance.now() - begun
        if (ms >= 30_000) {
          failedStarts++
          return null
        }
        const serviceId = launch.plan.args.at(-2)! // the follower's arguments: …, socket, service id, since
        const tasks = await api.json<RunningTask[]>('GET', `/tasks?filters=${encodeURIComponent(JSON.stringify({ service: [serviceId], 'desired-state': ['running'] }))}`)
        const task = tasks.find((t) => t.Status.State === 'running')
        const engine = task && engines.get(task.NodeID)
        const containerId = task?.Status.ContainerStatus?.ContainerID
        const startedAt = engine && containerId ? (await engine.check(['inspect', containerId, '--format', '{{.State.StartedAt}}'], 'inspect')).trim() : null
        return { ms, toContainerStartMs: startedAt ? Date.parse(startedAt) - wallClock : null }
      } finally {
        await launch.release()
      }
    },
    async close(): Promise<void> {
      await dynos.close()
      await slugServer.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
