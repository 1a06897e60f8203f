import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { apiClient } from '../support/api-client.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { fixtureRepo } from '../support/git.js'
import { languageApp } from '../support/language-app.js'
import { routerGet } from '../support/router-client.js'
import { waitFor } from '../support/wait-for.js'

const KEY = 'berth_e2e_java_admin_key_0123456789'
const MAIN = 'src/main/java/com/example/Main.java'

describe('Java (Maven) apps', () => {
  let berth: BerthProcess
  let dir: string
  const api = apiClient(() => berth.apiUrl, KEY)
  const { push, edit, serves } = languageApp(() => berth, KEY, 'java-maven')

  before(async () => {
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY })
    assert.equal((await api('POST', '/apps', { name: 'java-maven' })).status, 201)
    dir = await fixtureRepo('java-maven')
  })
  after(async () => berth.stop())

  it('runs mvn package with dependencies from Maven Central and serves the Procfile\'s web on the JDK system.properties names', async () => {
    const started = Date.now()
    const pushed = await push(dir, 'java-maven')
    console.log(`java cold push -> released: ${Date.now() - started} ms`)
    assert.equal(pushed.code, 0, pushed.stderr)
    const lines = pushed.stderr.split('\n').map((l) => l.replace(/^remote: ?/, '').trimEnd())
    for (const expected of ['-----> Java app detected', '-----> Executing Maven', '       $ mvn -DskipTests package', '[INFO] BUILD SUCCESS',
      '       Procfile declares types -> web']) {
      assert.ok(lines.includes(expected), `missing ${JSON.stringify(expected)} in:\n${pushed.stderr}`)
    }
    assert.match(pushed.stderr, /-----> Using OpenJDK 17\.[\d.]+ from this machine \(\/usr\/lib\/jvm\/java-17-openjdk-amd64\)/)
    assert.match(await serves(/^hello from java v1/), /^hello from java v1 \(web\.1\) gson-2\.11\.0\.jar \{"java":17\}\n$/)
  })

  it('rebuilds a code-only change from the cached local repository', async () => {
    await edit(dir, MAIN, (t) => t.replace('hello from java v1', 'hello from java v2'), 'code only')
    const started = Date.now()
    const pushed = await push(dir, 'java-maven')
    console.log(`java warm (code-only) push -> released: ${Date.now() - started} ms`)
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(await serves(/^hello from java v2/), /gson-2\.11\.0\.jar/)
  })

  it('resolves a changed dependency set, and a changed java.runtime.version runs on that JDK', async () => {
    await edit(dir, 'pom.xml', (t) => t.replace('<version>2.11.0</version>', '<version>2.10.1</version>'), 'gson 2.10.1')
    await edit(dir, 'system.properties', () => 'java.runtime.version=25\n', 'java 25')
    const pushed = await push(dir, 'java-maven')
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /-----> Using OpenJDK 25[\d.]* from this machine/)
    await serves(/^hello from java v2 \(web\.1\) gson-2\.10\.1\.jar \{"java":25\}\n$/)
  })

  it('fails a push that does not compile with javac\'s error, and the old release keeps serving', async () => {
    const releasesBefore = (await api('GET', '/apps/java-maven/releases')).body.length
    await edit(dir, MAIN, (t) => t.replace('server.start();', 'server.strat();'), 'break it')
    const pushed = await push(dir, 'java-maven')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, /\[ERROR\] .*Main\.java:\[\d+,\d+\] cannot find symbol/)
    assert.match(pushed.stderr, / ! {5}ERROR: Failed to build app with Maven/)
    assert.match(pushed.stderr, /Push rejected, failed to compile app/)
    assert.equal((await api('GET', '/apps/java-maven/releases')).body.length, releasesBefore)
    assert.match((await routerGet(berth.routerUrl, 'java-maven.localhost')).body, /^hello from java v2 \(web\.1\) gson-2\.10\.1\.jar/)
  })

  it('serves a Spring Boot app without a Procfile: web runs its jar on $PORT', async () => {
    assert.equal((await api('POST', '/apps', { name: 'spring-boot' })).status, 201)
    const repo = await fixtureRepo('java-spring-boot')
    const started = Date.now()
    const pushed = await push(repo, 'spring-boot')
    console.log(`spring boot cold push -> released: ${Date.now() - started} ms`)
    assert.equal(pushed.code, 0, pushed.stderr)
    assert.match(pushed.stderr, /Default types for buildpack -> web/)
    const formation = (await api('GET', '/apps/spring-boot/formation')).body
    assert.deepEqual(formation.map((f: any) => [f.type, f.command]), [['web', 'java -Dserver.port=$PORT $JAVA_OPTS -jar target/boot-demo-0.1.jar']])
    const body = await waitFor(async () => {
      const res = await routerGet(berth.routerUrl, 'spring-boot.localhost')
      return res.status === 200 ? res.body : null
    }, { timeoutMs: 60_000, what: 'the Spring Boot app to answer' })
    assert.match(body, /^hello from spring boot on \d+\n$/)
  })

  it('fails an app asking for a JDK this Berth lacks, naming the versions it has', async () => {
    assert.equal((await api('POST', '/apps', { name: 'java-eight' })).status, 201)
    const eight = await fixtureRepo('java-maven')
    await edit(eight, 'system.properties', () => 'java.runtime.version=1.8\n', 'java 8')
    const pushed = await push(eight, 'java-eight')
    assert.notEqual(pushed.code, 0)
    assert.match(pushed.stderr, / ! {5}Java 1\.8 \(java\.runtime\.version in system\.properties\) is not available on this Berth\. Available: 17, 25 \(set java\.runtime\.version=<one of them> in system\.properties\)\./)
    assert.doesNotMatch(pushed.stderr, /Executing Maven/)
  })
})
