import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { memoryQuotaBytes, processLimit } from '../plan-dyno-env.js'
import { specFor } from '../scheduler.contract.js'
import { dynoEnvScript, planService, planTaskContainer, RUNTIME_OWNER, slugEntry, SLUG_OWNER, slugVolume, type SwarmDynoInput } from './plan-service.js'

const SECRET = 'postgres://app:s3cr3t-Zq81@db.internal/app'
const HEX = 'ab'.repeat(32)
const SLUG_URL = 'http://10.0.0.1:4100/slugs/slug-1?expires=1704067200000&signature=cd'
const DYNO_USER = { uid: 1000, gid: 1000 }
const ENV_SECRET = { id: 'secret-id', name: 'berth-app-web-1-env' }
const ENV_PATH = '/tmp/berth-env-x/env'

function dynoInput(overrides: Partial<SwarmDynoInput> = {}): SwarmDynoInput {
  return {
    spec: specFor('inspector', { size: 'Standard-2X', env: { GREETING: 'hi', DATABASE_URL: SECRET } }),
    name: 'berth-app-web-1', image: 'berth/stack:bookworm', serverTag: 'server-1', marker: 'dyno-7f3a', network: 'berth-app',
    port: 5000, user: DYNO_USER, slugUrl: SLUG_URL, slugChecksum: `SHA256:${HEX.toUpperCase()}`, runtimes: [], stopTimeoutMs: 30_000,
    ...overrides,
  }
}

// The service spec is JSON for the Engine API: read it as such.
const containerSpec = (service: Record<string, unknown>) => (service as any).TaskTemplate.ContainerSpec
const envOf = (service: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(containerSpec(service).Env.map((entry: string) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]))

describe('planService', () => {
  it('runs one replica that Swarm never restarts, published on its node\'s own $PORT', () => {
    const service = planService(dynoInput(), ENV_SECRET) as any
    assert.deepEqual(service.Mode, { Replicated: { Replicas: 1 } })
    assert.deepEqual(service.TaskTemplate.RestartPolicy, { Condition: 'none' })
    assert.deepEqual(service.EndpointSpec, {
      Mode: 'dnsrr', Ports: [{ Protocol: 'tcp', TargetPort: 5000, PublishedPort: 5000, PublishMode: 'host' }],
    })
    assert.match(dynoEnvScript(dynoInput().spec, 5000), /^export PORT='5000'$/m)
    assert.deepEqual(service.TaskTemplate.Networks, [{ Target: 'berth-app' }])
  })

  it('publishes no port and sets no $PORT for a worker', () => {
    const spec = specFor('inspector', { name: 'worker.1', type: 'worker', command: 'node worker.js' })
    const service = planService(dynoInput({ spec, port: null }), ENV_SECRET) as any
    assert.deepEqual(service.EndpointSpec, { Mode: 'dnsrr', Ports: [] })
    assert.doesNotMatch(dynoEnvScript(spec, null), /PORT=/)
  })

  it('stops the dyno at twice its size\'s memory quota, and limits its processes', () => {
    const service = planService(dynoInput(), ENV_SECRET) as any
    assert.deepEqual(service.TaskTemplate.Resources, {
      Limits: { MemoryBytes: 2 * memoryQuotaBytes('Standard-2X'), Pids: processLimit('Standard-2X') },
    })
    assert.equal(service.TaskTemplate.Resources.Limits.MemoryBytes, 2 * 1024 * 1024 * 1024)
  })

  it('starts as root with only the capabilities the slug entry needs, on a read-only root, with /app on a volume of its own (tmpfs is noexec) and a tmpfs /tmp', () => {
    const container = containerSpec(planService(dynoInput(), ENV_SECRET))
    assert.equal(container.User, '0:0')
    assert.deepEqual(container.CapabilityDrop, ['ALL'])
    assert.deepEqual([...container.CapabilityAdd].sort(), ['CAP_CHOWN', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID'])
    assert.equal(container.ReadOnly, true)
    assert.deepEqual(container.Mounts.map((m: { Type: string; Target: string }) => [m.Type, m.Target]), [['volume', '/app'], ['tmpfs', '/tmp']])
    assert.deepEqual(container.Command, slugEntry(DYNO_USER))
  })

  it('puts /app on the node\'s volume of the slug, so every dyno of that slug on the node shares one unpacked copy', () => {
    const input = dynoInput()
    const volume = `berth-slug-${input.spec.slugId}`
    assert.deepEqual(containerSpec(planService(input, ENV_SECRET)).Mounts[0],
      { Type: 'volume', Source: volume, Target: '/app', VolumeOptions: { NoCopy: true, Labels: { 'berth.server': 'server-1' } } })
    assert.ok(planTaskContainer(input, ENV_PATH).args.includes(`type=volume,source=${volume},destination=/app,volume-label=berth.server=server-1,volume-nocopy`))
    for (const slugId of ['', '-x', '../x', 'a,source=/', 'a b', 'x'.repeat(65)]) assert.throws(() => slugVolume(slugId), /cannot name a volume/, slugId)
  })

  it('labels the service and its containers with the server and the dyno', () => {
    const service = planService(dynoInput(), ENV_SECRET) as any
    const labels = { 'berth.server': 'server-1', 'berth.dyno': 'dyno-7f3a' }
    assert.deepEqual(service.Labels, labels)
    assert.deepEqual(containerSpec(service).Labels, labels)
  })

  it('tells the dyno where its slug is and its checksum as sha256sum reads it', () => {
    const env = envOf(planService(dynoInput(), ENV_SECRET))
    assert.equal(env.BERTH_SLUG_URL, SLUG_URL)
    assert.equal(env.BERTH_SLUG_SHA256, HEX)
  })

  it('keeps every config var out of the container\'s environment: only the dyno\'s user reads them, from a secret', () => {
    const spec = specFor('inspector', { env: { GREETING: "it's\nmulti-line", DATABASE_URL: SECRET, TAR_OPTIONS: '--checkpoint-action=exec=sh', LD_PRELOAD: '/app/x.so', BERTH_RUNTIMES: 'x y z' } })
    const service = planService(dynoInput({ spec }), ENV_SECRET)
    // What the entry script runs with as root and as the unpacking users: Berth's values alone.
    assert.deepEqual(Object.keys(envOf(service)).sort(), ['BERTH_DYNO_ID', 'BERTH_RUNTIMES', 'BERTH_SLUG_SHA256', 'BERTH_SLUG_URL', 'PATH', 'TINI_KILL_PROCESS_GROUP'])
    assert.equal(envOf(service).BERTH_RUNTIMES, '')
    assert.deepEqual(containerSpec(service).Secrets, [{ SecretID: 'secret-id', SecretName: 'berth-app-web-1-env', File: { Name: 'berth-env', UID: '1000', GID: '1000', Mode: 0o400 } }])
    // The script the dyno's user sources gives back every value exactly, the platform's last (and
    // LD_PRELOAD shielded, as for every dyno, until the dyno's main process renames it back).
    const script = dynoEnvScript(spec, 5000)
    const read = spawnSync('/bin/sh', ['-c', `${script}\nprintf '%s\\0' "$GREETING" "$DATABASE_URL" "$TAR_OPTIONS" "$BERTH_SHIELDED_LD_PRELOAD" "$PORT" "$DYNO"`], { encoding: 'utf8', env: {} })
    assert.deepEqual(read.stdout.split('\0').slice(0, 6), ["it's\nmulti-line", SECRET, '--checkpoint-action=exec=sh', '/app/x.so', '5000', 'web.1'])
  })

  it('gives each runtime the slug runs on a volume of its own on the node, and tells the entry where to fetch it', () => {
    const runtimes = [{ ref: 'node@18.20.8', url: 'http://10.0.0.1:4100/runtimes/node@18.20.8?expires=1&signature=ef', sha256: 'cd'.repeat(32) }]
    const service = planService(dynoInput({ runtimes }), ENV_SECRET)
    assert.deepEqual(containerSpec(service).Mounts.slice(2), [
      { Type: 'tmpfs', Target: '/runtime-store', TmpfsOptions: { Mode: 0o755 } },
      { Type: 'volume', Source: 'berth-runtime-node-18.20.8', Target: '/runtime-volumes/node-18.20.8', VolumeOptions: { Labels: { 'berth.server': 'server-1' } } },
    ])
    assert.equal(envOf(service).BERTH_RUNTIMES, `node/18.20.8 ${runtimes[0]!.url} ${'cd'.repeat(32)}`)
    assert.equal(envOf(planService(dynoInput(), ENV_SECRET)).BERTH_RUNTIMES, '')
    const task = planTaskContainer(dynoInput({ runtimes }), ENV_PATH)
    assert.ok(task.args.includes('type=volume,source=berth-runtime-node-18.20.8,destination=/runtime-volumes/node-18.20.8,volume-label=berth.server=server-1'))
    assert.equal(task.env.BERTH_RUNTIMES, envOf(service).BERTH_RUNTIMES)
  })

  it('refuses to plan a dyno whose slug has no valid checksum', () => {
    const invalid = ['', 'SHA256:', `SHA256:${HEX.slice(1)}`, `SHA256:${HEX}0`, HEX, `MD5:${HEX}`, `SHA256:${HEX}\n`, `SHA256:${HEX}; true`]
    for (const slugChecksum of invalid) {
      assert.throws(() => planService(dynoInput({ slugChecksum }), ENV_SECRET), /no recorded checksum/, JSON.stringify(slugChecksum))
      assert.throws(() => planTaskContainer(dynoInput({ slugChecksum }), ENV_PATH), /no recorded checksum/, JSON.stringify(slugChecksum))
    }
  })
})

describe('planTaskContainer', () => {
  it('gives the CLI Berth\'s values only, by name, and the dyno\'s environment as a file its user reads', () => {
    const { args, env } = planTaskContainer(dynoInput(), ENV_PATH)
    assert.equal(env.DATABASE_URL, undefined)
    assert.equal(env.BERTH_SLUG_URL, SLUG_URL)
    for (const value of [SECRET, 's3cr3t-Zq81', SLUG_URL, HEX]) {
      assert.equal(args.some((arg) => arg.includes(value)), false, value)
    }
    const named = args.flatMap((arg, i) => (args[i - 1] === '--env' ? [arg] : []))
    assert.deepEqual(named.sort(), Object.keys(env).sort())
    assert.ok(args.includes(`type=bind,source=${ENV_PATH},target=/run/secrets/berth-env,readonly`))
  })

  it('runs the slug entry under the same limits as a service', () => {
    const { args } = planTaskContainer(dynoInput(), ENV_PATH)
    const after = (flag: string) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []))
    assert.deepEqual([after('--user'), after('--cap-drop'), after('--cap-add').sort()], [['0:0'], ['ALL'], ['CAP_CHOWN', 'CAP_KILL', 'CAP_SETGID', 'CAP_SETUID']])
    assert.ok(args.includes('--read-only'))
    assert.deepEqual(after('--memory'), [String(2 * memoryQuotaBytes('Standard-2X'))])
    assert.deepEqual(after('--pids-limit'), [String(processLimit('Standard-2X'))])
    const image = args.indexOf('berth/stack:bookworm')
    assert.deepEqual(args.slice(image + 1, image + 5), slugEntry(DYNO_USER))
  })
})

describe('slugEntry', () => {
  const [shell, flag, script, name] = slugEntry(DYNO_USER)
  const lines = script!.split('\n')

  // Each fetch script is the single-quoted argument of one setpriv to an unprivileged owner.
  const asUser = (uid: number) => new RegExp(`\\(umask 022 && setpriv --reuid=${uid} --regid=${uid} ([^']*) -- /bin/sh -c '((?:[^']|'\\\\'')*)'\\)`).exec(script!)

  it('fetches, checks and unpacks the slug as the slug owner, and runtimes as theirs, never as root or the dyno user', () => {
    assert.deepEqual([shell, flag, name], ['/bin/sh', '-c', 'dyno'])
    const asOwner = asUser(SLUG_OWNER.uid)
    const asRuntimeOwner = asUser(RUNTIME_OWNER.uid)
    assert.ok(asOwner && asRuntimeOwner, script)
    assert.deepEqual([SLUG_OWNER.uid, RUNTIME_OWNER.uid], [65533, 65532])
    for (const owner of [asOwner, asRuntimeOwner]) assert.match(owner[1]!, /--no-new-privs .*--bounding-set=-all/)
    assert.match(asOwner[2]!, /BERTH_SLUG_URL/)
    assert.match(asRuntimeOwner[2]!, /BERTH_RUNTIMES/)
    const asRoot = script!.replace(asOwner[0], '').replace(asRuntimeOwner[0], '')
    for (const command of ['curl', 'sha256sum', 'tar']) {
      assert.match(asOwner[2]!, new RegExp(`\\b${command} `), command)
      assert.match(asRuntimeOwner[2]!, new RegExp(`\\b${command} `), command)
      assert.doesNotMatch(asRoot, new RegExp(`\\b${command}\\b`), command)
    }
  })

  it('execs the command as the dyno user with no privileges left, after forgetting the slug and runtime URLs', () => {
    assert.equal(lines.at(-1), `exec setpriv --reuid=1000 --regid=1000 --clear-groups --no-new-privs --inh-caps=-all --bounding-set=-all -- /bin/sh -c '. /run/secrets/berth-env && exec "$@"' dyno "$@"`)
    assert.equal(lines.at(-2), 'unset BERTH_SLUG_URL BERTH_SLUG_SHA256 BERTH_RUNTIMES')
  })

  it('fills a slug volume once: dynos starting together wait for one fetch, a fill cut short is redone, a wrong archive leaves no mark', async (t) => {
    // The slug owner's script, run as it is against a directory standing in for the volume at /app, with a curl that serves a tarball and counts.
    const fill = asUser(SLUG_OWNER.uid)![2]!.replace(/'\\''/g, "'")
    const dir = mkdtempSync(join(tmpdir(), 'slug-volume-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const [app, bin, src] = ['app', 'bin', 'src'].map((name) => join(dir, name)) as [string, string, string]
    for (const d of [app, bin, join(src, 'lib')]) mkdirSync(d, { recursive: true })
    writeFileSync(join(src, 'server.js'), 'ok')
    writeFileSync(join(src, 'lib', 'x.js'), 'x')
    const archive = join(dir, 'slug.tgz')
    assert.equal(spawnSync('tar', ['-czf', archive, '-C', src, '.']).status, 0)
    const sha = createHash('sha256').update(readFileSync(archive)).digest('hex')
    writeFileSync(join(bin, 'curl'), `#!/bin/sh\necho fetch >> ${dir}/fetches\nsleep 0.3\nwhile [ "$1" != -o ]; do shift; done\ncp "$SERVE" "$2"\n`)
    chmodSync(join(bin, 'curl'), 0o755)
    const run = (serve: string, expected = sha) => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn('/bin/sh', ['-c', fill.replaceAll('/app', app)], { env: { PATH: `${bin}:/usr/bin:/bin`, SERVE: serve, BERTH_SLUG_URL: SLUG_URL, BERTH_SLUG_SHA256: expected } })
      let stderr = ''
      child.stderr.on('data', (chunk) => { stderr += chunk })
      child.on('close', (code) => resolve({ code, stderr }))
    })
    const fetches = () => (existsSync(join(dir, 'fetches')) ? readFileSync(join(dir, 'fetches'), 'utf8').split('\n').filter(Boolean).length : 0)
    const unpacked = () => readdirSync(app).sort()

    assert.deepEqual(await Promise.all([run(archive), run(archive), run(archive)]), Array(3).fill({ code: 0, stderr: '' }))
    assert.equal(fetches(), 1, 'three dynos starting together: one fetch')
    assert.deepEqual(unpacked(), ['.berth-slug-unpacked', 'lib', 'server.js'])
    assert.equal(readFileSync(join(app, '.berth-slug-unpacked'), 'utf8'), sha)
    assert.deepEqual(await run('/nonexistent'), { code: 0, stderr: '' }, 'a whole slug is not fetched again')

    // A fill killed half-way: no mark, stray files. The next one starts over.
    writeFileSync(join(app, '.berth-slug-unpacked'), '')
    writeFileSync(join(app, 'half-written'), 'x')
    assert.deepEqual(await run(archive), { code: 0, stderr: '' })
    assert.deepEqual([fetches(), unpacked()], [2, ['.berth-slug-unpacked', 'lib', 'server.js']])

    // Another archive than the checksum names: refused, and the volume is not marked whole.
    writeFileSync(join(app, '.berth-slug-unpacked'), '')
    const other = await run(archive, 'cd'.repeat(32))
    assert.equal(other.code, 1)
    assert.match(other.stderr, /does not match its checksum/)
    assert.equal(readFileSync(join(app, '.berth-slug-unpacked'), 'utf8'), '')
  })

  it('is valid shell', () => {
    const check = spawnSync('/bin/sh', ['-n', '-c', script!], { encoding: 'utf8' })
    assert.deepEqual([check.status, check.stderr], [0, ''])
  })

  it('hands the fetch script and the dyno command through its quoting intact', (t) => {
    // chmod, chown and setpriv need root and the container's /app: stand-ins record what they were
    // given, and the first setpriv checks the fetch script's syntax instead of running it.
    const bin = mkdtempSync(join(tmpdir(), 'slug-entry-'))
    t.after(() => rmSync(bin, { recursive: true, force: true }))
    const stub = (file: string, body: string) => {
      writeFileSync(join(bin, file), `#!/bin/sh\n${body}\n`)
      chmodSync(join(bin, file), 0o755)
    }
    stub('chmod', 'exit 0')
    stub('chown', 'exit 0')
    stub('setpriv', [
      'dyno=no; case "$1" in --reuid=1000) dyno=yes;; esac',
      'while [ "$1" != -- ]; do shift; done; shift',
      'if [ $dyno = no ]; then printf "fetch: %s\\n" "$3" | grep -c curl; exec /bin/sh -n -c "$3"; fi',
      'printf "arg: %s\\n" "$@"; echo "url: ${BERTH_SLUG_URL-unset}"',
    ].join('\n'))
    const run = spawnSync('/bin/sh', ['-c', script!, 'dyno', 'bash', '-c', 'echo "it\'s $PORT"'], {
      encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, BERTH_SLUG_URL: SLUG_URL, BERTH_SLUG_SHA256: HEX },
    })
    assert.deepEqual([run.status, run.stderr], [0, ''])
    const toDyno = ['arg: /bin/sh', 'arg: -c', 'arg: . /run/secrets/berth-env && exec "$@"', 'arg: dyno']
    assert.equal(run.stdout, ['1', ...toDyno, 'arg: bash', 'arg: -c', 'arg: echo "it\'s $PORT"', 'url: unset', ''].join('\n'))

    // With runtimes: their fetch script too, then each one's link at /runtime-store.
    stub('mkdir', 'echo "mkdir: $*"')
    stub('ln', 'echo "ln: $*"')
    const withRuntimes = spawnSync('/bin/sh', ['-c', script!, 'dyno', 'true'], {
      encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, BERTH_SLUG_URL: SLUG_URL, BERTH_SLUG_SHA256: HEX, BERTH_RUNTIMES: 'node/18.20.8 http://berth.test/runtimes/node@18.20.8 abc' },
    })
    assert.deepEqual([withRuntimes.status, withRuntimes.stderr], [0, ''])
    assert.equal(withRuntimes.stdout, [
      '1', 'mkdir: -p /runtime-store/node', 'ln: -s /runtime-volumes/node-18.20.8/current /runtime-store/node/18.20.8', '1', ...toDyno, 'arg: true', 'url: unset', '',
    ].join('\n'))
  })
})

describe("the operator's runtimes", () => {
  it('are bound read-only at /runtimes from the same path on the node, for services and for one-offs alike', () => {
    const input = dynoInput({ operatorRuntimes: '/srv/berth/runtimes' })
    assert.deepEqual(containerSpec(planService(input, ENV_SECRET)).Mounts.filter((m: { Target: string }) => m.Target === '/runtimes'),
      [{ Type: 'bind', Source: '/srv/berth/runtimes', Target: '/runtimes', ReadOnly: true }])
    assert.ok(planTaskContainer(input, ENV_PATH).args.includes('type=bind,source=/srv/berth/runtimes,destination=/runtimes,readonly'))
    assert.equal(containerSpec(planService(dynoInput(), ENV_SECRET)).Mounts.some((m: { Target: string }) => m.Target === '/runtimes'), false)
  })
})
