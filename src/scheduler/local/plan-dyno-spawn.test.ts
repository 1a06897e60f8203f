import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { DynoSpec } from '../scheduler.js'
import { planDynoSpawn } from './plan-dyno-spawn.js'

const spec: DynoSpec = {
  appId: 'a1', appName: 'demo', name: 'web.1', type: 'web', releaseId: 'r1', releaseVersion: 3, slugId: 's1', slugChecksum: null,
  command: 'python app.py', size: 'Basic', env: {}, healthCheckPath: null,
}
const plan = (operatorDir?: string | null, storeDir: string | null = null) => planDynoSpawn({
  spec, slugDir: '/work/slugs/s1', port: 5000, bwrap: '/usr/bin/bwrap', user: { uid: 65534, gid: 65534 }, cgroupProcs: [], marker: 'm',
  runtimes: operatorDir === undefined ? undefined : { operatorDir, storeDir },
})
// The bwrap arguments that follow one flag, as [flag, source, destination] triples.
const binds = (args: string[], flag: string) => args.flatMap((arg, i) => (arg === flag ? [[arg, args[i + 1], args[i + 2]]] : []))

describe('planDynoSpawn', () => {
  it("mounts the operator's runtimes read-only at /runtimes, beside the read-only slug", () => {
    const { args } = plan('/srv/runtimes')
    assert.deepEqual(binds(args, '--ro-bind').filter(([, , to]) => to === '/app' || to === '/runtimes'), [
      ['--ro-bind', '/work/slugs/s1', '/app'],
      ['--ro-bind', '/srv/runtimes', '/runtimes'],
    ])
    assert.deepEqual(binds(args, '--bind'), [], 'nothing is writable')
  })

  it("mounts Berth's runtime store read-only at /runtime-store, beside the operator's runtimes", () => {
    const { args } = plan('/srv/runtimes', '/work/runtime-store')
    assert.deepEqual(binds(args, '--ro-bind').filter(([, , to]) => to!.startsWith('/runtime')), [
      ['--ro-bind', '/srv/runtimes', '/runtimes'],
      ['--ro-bind', '/work/runtime-store', '/runtime-store'],
    ])
    assert.deepEqual(binds(args, '--bind'), [], 'nothing is writable')
  })

  it('mounts no runtimes when the operator has none', () => {
    assert.ok(!plan(null).args.includes('/runtimes'))
    assert.ok(!plan().args.includes('/runtimes'))
  })
})
