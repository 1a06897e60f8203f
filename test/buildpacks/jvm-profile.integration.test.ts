import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

const require = createRequire(import.meta.url)
const { jvmProfile } = require('../../buildpacks/java/lib/jvm-profile.cjs') as { jvmProfile(jdkHome: string): string }
const { listJdks } = require('../../buildpacks/java/lib/find-jdk.cjs') as { listJdks(runtimesDir?: string): { home: string }[] }

const root = mkdtempSync(join(tmpdir(), 'berth-jvm-profile-'))
const jdk = listJdks()[0]
const profile = join(root, 'jvmcommon.sh')
writeFileSync(profile, jvmProfile(jdk?.home ?? '/usr/lib/jvm/none'))
// Over the host's /sys/fs/cgroup, so what the script finds there is the test's to say.
const canBind = spawnSync('bwrap', ['--dev-bind', '/', '/', '--tmpfs', '/sys/fs/cgroup', 'true']).status === 0

interface Dyno {
  env?: Record<string, string>
  /** Files to show at /sys/fs/cgroup (a dyno in a container); none at all when empty. */
  cgroup?: Record<string, string>
}

/** Sources the profile as a dyno's wrapper does, then runs `command`: its stdout and stderr. */
function inDyno(dyno: Dyno, command: string): { stdout: string; stderr: string } {
  const script = `. "$1"; ${command}`
  let argv = ['bash', '-c', script, 'dyno', profile]
  if (dyno.cgroup) {
    const dir = mkdtempSync(join(root, 'cgroup-'))
    for (const [file, text] of Object.entries(dyno.cgroup)) {
      mkdirSync(join(dir, file, '..'), { recursive: true })
      writeFileSync(join(dir, file), text)
    }
    argv = ['bwrap', '--dev-bind', '/', '/', '--bind', dir, '/sys/fs/cgroup', ...argv]
  }
  // stdin from /dev/null: on a socket (Node's pipes are socketpairs) bash would read ~/.bashrc as if run by sshd.
  const env = { PATH: process.env.PATH, HOME: root, DYNO: 'worker.1', ...dyno.env }
  const result = spawnSync(argv[0]!, argv.slice(1), { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  assert.equal(result.status, 0, result.stderr)
  return { stdout: result.stdout, stderr: result.stderr }
}

const toolOptions = (dyno: Dyno) => inDyno(dyno, 'printf %s "$JAVA_TOOL_OPTIONS"').stdout
const memory = (mb: number) => ({ BERTH_DYNO_MEMORY_MB: String(mb) })

describe("the Java buildpack's .profile.d/jvmcommon.sh", () => {
  after(() => rmSync(root, { recursive: true, force: true }))

  it("gives the JVM Heroku's defaults for the dyno's memory", () => {
    assert.equal(toolOptions({ env: memory(512) }), '-XX:MaxRAM=536870912 -Xmx300m -Xss512k -XX:CICompilerCount=2 -Dfile.encoding=UTF-8')
    assert.equal(toolOptions({ env: memory(1024) }), '-XX:MaxRAM=1073741824 -Xmx671m -XX:CICompilerCount=2 -Dfile.encoding=UTF-8')
    assert.equal(toolOptions({ env: memory(2560) }), '-XX:MaxRAM=2684354560 -XX:MaxRAMPercentage=80.0 -Dfile.encoding=UTF-8')
  })

  it("puts the app's own JAVA_TOOL_OPTIONS last, so its -Xmx wins", () => {
    const options = toolOptions({ env: { ...memory(512), JAVA_TOOL_OPTIONS: '-Xmx1g -Dapp.mode=batch' } })
    assert.match(options, / -Xmx1g -Dapp\.mode=batch$/)
    assert.equal([...options.matchAll(/-Xmx(\S+)/g)].pop()?.[1], '1g')
  })

  it('tells web dynos, and only them, that the defaults follow the dyno size', () => {
    assert.match(inDyno({ env: { ...memory(512), DYNO: 'web.1' } }, 'true').stderr, /^Setting JAVA_TOOL_OPTIONS defaults based on dyno size\. Custom settings will override them\.\n$/)
    assert.equal(inDyno({ env: memory(512) }, 'true').stderr, '')
  })

  it('reads the memory limit of a cgroup it can see when Berth does not say, and falls back to a 512 MB dyno', { skip: !canBind && 'bwrap cannot bind over /sys/fs/cgroup here' }, () => {
    assert.match(toolOptions({ cgroup: { 'memory/memory.limit_in_bytes': '1073741824\n' } }), /^-XX:MaxRAM=1073741824 -Xmx671m /)
    assert.match(toolOptions({ cgroup: { 'memory.max': '536870912\n' } }), /^-XX:MaxRAM=536870912 -Xmx300m /)
    assert.match(toolOptions({ env: memory(1024), cgroup: { 'memory.max': '536870912\n' } }), /-Xmx671m/, "Berth's value comes first")
    // No limit: v2 says "max", v1 a number of thousands of TiB.
    const unlimited = '-Xmx300m -Xss512k -XX:CICompilerCount=2 -Dfile.encoding=UTF-8'
    assert.equal(toolOptions({ cgroup: { 'memory.max': 'max\n' } }), unlimited)
    assert.equal(toolOptions({ cgroup: { 'memory/memory.limit_in_bytes': '9223372036854771712\n' } }), unlimited)
    assert.equal(toolOptions({ cgroup: {} }), unlimited)
  })

  it("sizes a real JVM's heap by them", { skip: !jdk && 'no JDK on this machine' }, () => {
    const maxHeapMib = (env: Record<string, string>) =>
      Number(/\bMaxHeapSize\s+=\s+(\d+)/.exec(inDyno({ env }, 'java -XX:+PrintFlagsFinal -version 2>/dev/null').stdout)?.[1]) / 1024 / 1024
    // The JVM rounds the heap up to its alignment (a few MiB at most).
    const about = (mib: number, expected: number, what: string) => assert.ok(mib >= expected && mib < expected + 4, `${what}: ${mib} MiB`)
    about(maxHeapMib(memory(1024)), 671, 'a Standard-2X dyno')
    about(maxHeapMib(memory(2560)), 2048, '80% of a Performance-M dyno')
    about(maxHeapMib({ ...memory(1024), JAVA_TOOL_OPTIONS: '-Xmx128m' }), 128, "the app's own -Xmx")
  })
})
