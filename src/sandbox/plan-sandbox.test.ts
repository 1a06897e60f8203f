import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { enterCgroups, planSandbox, type SandboxSpec } from './plan-sandbox.js'

const spec: SandboxSpec = {
  bwrap: '/usr/bin/bwrap',
  user: { uid: 65534, gid: 65534 },
  mounts: [
    { hostPath: '/work/b1/app', path: '/app', writable: true },
    { hostPath: '/work/cache/a1', path: '/cache', writable: true },
    { hostPath: '/work/b1/env', path: '/env', writable: false },
  ],
  command: ['/buildpack/bin/compile', '/app', '/cache', '/env'],
  env: { HOME: '/app', PATH: '/usr/bin:/bin' },
  cwd: '/app',
}

describe('planSandbox', () => {
  it('binds only the system, a narrow /etc and the given mounts, as the build user', () => {
    const planned = planSandbox(spec)
    assert.equal(planned.file, '/usr/bin/bwrap')
    assert.deepEqual([planned.uid, planned.gid], [65534, 65534])
    const args = planned.args.join(' ')
    assert.match(args, /--ro-bind-try \/usr \/usr/)
    assert.match(args, /--bind \/work\/b1\/app \/app --bind \/work\/cache\/a1 \/cache --ro-bind \/work\/b1\/env \/env/)
    assert.match(args, /--tmpfs \/tmp/)
    assert.match(args, /--unshare-pid/)
    assert.doesNotMatch(args, /--ro-bind-try \/etc \/etc|\/root|--bind \/ /)
    assert.deepEqual(planned.args.slice(planned.args.indexOf('--')), ['--', '/buildpack/bin/compile', '/app', '/cache', '/env'])
  })

  it('in a fenced network, enters its namespace as root, then drops to the sandbox user', () => {
    const planned = planSandbox({ ...spec, network: { namespacePath: '/run/netns/berth-7', resolvConf: '/etc/resolv.conf' } })
    assert.equal(planned.file, 'nsenter')
    assert.deepEqual([planned.uid, planned.gid], [undefined, undefined])
    assert.deepEqual(planned.args.slice(0, 7), ['--net=/run/netns/berth-7', '--setuid', '65534', '--setgid', '65534', '--', '/usr/bin/bwrap'])
    assert.deepEqual(planned.args.slice(7), planSandbox(spec).args)
  })

  it("shows the network's own resolv.conf at /etc/resolv.conf (the host's may name a resolver on the host's loopback)", () => {
    const planned = planSandbox({ ...spec, network: { namespacePath: '/run/netns/berth-7', resolvConf: '/run/berth/resolv.conf' } })
    assert.match(planned.args.join(' '), /--ro-bind-try \/run\/berth\/resolv\.conf \/etc\/resolv\.conf /)
    assert.match(planSandbox(spec).args.join(' '), /--ro-bind-try \/etc\/resolv\.conf \/etc\/resolv\.conf /)
  })

  it('without bwrap, runs the command directly with sandbox paths turned into host paths', () => {
    assert.deepEqual(planSandbox({ ...spec, bwrap: null, user: null }), {
      file: '/buildpack/bin/compile',
      args: ['/work/b1/app', '/work/cache/a1', '/work/b1/env'],
      env: { HOME: '/work/b1/app', PATH: '/usr/bin:/bin' },
      cwd: '/work/b1/app',
    })
  })

  it('joins cgroups before the command runs, and only then becomes it', () => {
    const planned = planSandbox(spec)
    const wrapped = enterCgroups(planned, ['/cg/memory/berth/x/cgroup.procs', '/cg/pids/berth/x/cgroup.procs'])
    assert.equal(wrapped.file, '/bin/sh')
    assert.deepEqual(wrapped.args.slice(2, 6), ['sh', '2', '/cg/memory/berth/x/cgroup.procs', '/cg/pids/berth/x/cgroup.procs'])
    assert.deepEqual(wrapped.args.slice(6), [planned.file, ...planned.args])
    assert.deepEqual([wrapped.uid, wrapped.env], [planned.uid, planned.env])
    assert.equal(enterCgroups(planned, []), planned)
  })
})
