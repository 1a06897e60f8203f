import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { crashCooloffMs } from './crash-cooloff.js'
import { dynoCommand, memoryQuotaBytes, planDynoEnv, processLimit } from './plan-dyno-env.js'

describe('crash cool-off', () => {
  it("restarts at once after the first crash, then follows Heroku's 20/40/60/180/320-minute steps", () => {
    const unit = 20 * 60_000
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map((n) => crashCooloffMs(n, unit) / 60_000), [0, 20, 40, 60, 180, 320, 320, 320])
  })
})

describe('dyno environment', () => {
  const spec = {
    appId: 'a', appName: 'demo', name: 'web.1', type: 'web', releaseId: 'r', releaseVersion: 3, slugId: 's', slugChecksum: null, command: 'npm start',
    size: 'Basic', env: { GREETING: 'hi', PORT: '1', DYNO: 'fake', HEROKU_APP_NAME: 'demo' }, healthCheckPath: null,
  }

  it('puts the platform variables over config vars', () => {
    const env = planDynoEnv(spec, 41234)
    assert.equal(env.GREETING, 'hi')
    assert.equal(env.HEROKU_APP_NAME, 'demo')
    assert.deepEqual([env.PORT, env.DYNO, env.PS, env.HOME], ['41234', 'web.1', 'web.1', '/app'])
    assert.equal(planDynoEnv({ ...spec, name: 'worker.1' }, null).PORT, undefined)
  })

  it("tells the dyno its size's memory quota, which a config var cannot change", () => {
    const mine = { ...spec, env: { ...spec.env, BERTH_DYNO_MEMORY_MB: '65536' } }
    assert.deepEqual(['Basic', 'Standard-2X', 'Performance-M', 'Private-S'].map((size) => planDynoEnv({ ...mine, size }, null).BERTH_DYNO_MEMORY_MB), ['512', '1024', '2560', '1024'])
  })

  it('renames the config vars that steer the loader or the Docker CLI, and the wrapper names them back', async () => {
    const env = planDynoEnv({ ...spec, env: JSON.parse('{"LD_PRELOAD":"/app/x.so","GLIBC_TUNABLES":"t","DOCKER_HOST":"tcp://x","__proto__":"p","BERTH_SHIELDED":"mine"}') }, null)
    assert.deepEqual([env.LD_PRELOAD, env.BERTH_SHIELDED_LD_PRELOAD, env.BERTH_SHIELDED_GLIBC_TUNABLES, env.BERTH_SHIELDED_DOCKER_HOST], [undefined, '/app/x.so', 't', 'tcp://x'])
    // The platform's list wins over a config var of that name; `__proto__` stays an own key.
    assert.equal(env.BERTH_SHIELDED, 'LD_PRELOAD GLIBC_TUNABLES DOCKER_HOST')
    assert.equal(Object.getOwnPropertyDescriptor(env, '__proto__')?.value, 'p')
    const { spawnSync } = await import('node:child_process')
    const [file, ...args] = dynoCommand('printf "%s|%s|%s" "$LD_PRELOAD" "$DOCKER_HOST" "${BERTH_SHIELDED_LD_PRELOAD-gone}"')
    const { LD_PRELOAD: _none, ...safe } = env
    const ran = spawnSync(file!, args, { env: { ...safe, BERTH_SHIELDED_LD_PRELOAD: '/no-such-library.so', BERTH_SHIELDED: 'LD_PRELOAD DOCKER_HOST' }, encoding: 'utf8' })
    assert.equal(ran.stdout, '/no-such-library.so|tcp://x|gone')
  })

  it('runs the command through bash after .profile.d, under a wrapper that outlives SIGTERM', () => {
    const argv = dynoCommand('npm start && echo done')
    assert.deepEqual([argv[0], argv[1], argv[3], argv[4]], ['/bin/bash', '-c', 'dyno', 'npm start && echo done'])
    assert.match(argv[2]!, /\.profile\.d\/\*\.sh/)
    assert.match(argv[2]!, /trap : TERM/)
  })

  it('knows the memory quota of each size', () => {
    assert.equal(memoryQuotaBytes('Basic'), 512 * 1024 * 1024)
    assert.equal(memoryQuotaBytes('Standard-2X'), 1024 * 1024 * 1024)
    assert.equal(memoryQuotaBytes('Shield-M'), memoryQuotaBytes('Performance-M'))
  })

  it("knows each size's process limit, Heroku's", () => {
    assert.deepEqual(['Basic', 'Standard-2X', 'Performance-M', 'Private-S', 'Shield-L'].map(processLimit), [256, 512, 16384, 512, 32768])
  })
})
