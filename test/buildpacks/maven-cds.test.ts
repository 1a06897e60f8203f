import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

interface Plan {
  options: string[]
  creating: boolean
  afterRun(result: { status: number | null; signal: string | null }): boolean
}
const require = createRequire(import.meta.url)
const { planMavenCds } = require('../../buildpacks/java/lib/maven-cds.cjs') as {
  planMavenCds(input: { cacheDir: string; jdkHome: string; mavenId: string; mavenOpts: string }): Plan
}

describe('the Java buildpack\'s class-data archive of Maven', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-maven-cds-'))
  after(() => rmSync(root, { recursive: true, force: true }))
  let count = 0
  const setup = (baseArchives = ['classes.jsa', 'classes_nocoops.jsa']) => {
    const dir = join(root, String(++count))
    const jdkHome = join(dir, 'jdk')
    mkdirSync(join(jdkHome, 'lib', 'server'), { recursive: true })
    writeFileSync(join(jdkHome, 'release'), 'JAVA_VERSION="17.0.15"\n')
    for (const name of baseArchives) writeFileSync(join(jdkHome, 'lib', 'server', name), 'base')
    const input = { cacheDir: join(dir, 'cache'), jdkHome, mavenId: 'mvn 3.8.7', mavenOpts: '-XX:+UseSerialGC' }
    /** Plays the JVM: writes the archive -XX:ArchiveClassesAtExit names. */
    const dump = (plan: Plan) => writeFileSync(plan.options.find((o) => o.startsWith('-XX:ArchiveClassesAtExit='))!.split('=')[1]!, 'archive')
    return { input, dump, archives: () => readdirSync(join(dir, 'cache', 'cds')) }
  }

  it('writes an archive on the first successful build and maps it in the next', () => {
    const { input, dump, archives } = setup()
    const first = planMavenCds(input)
    assert.equal(first.creating, true)
    dump(first)
    assert.equal(first.afterRun({ status: 0, signal: null }), false)
    const next = planMavenCds(input)
    assert.equal(next.creating, false)
    assert.deepEqual(next.options, [`-XX:SharedArchiveFile=${join(input.cacheDir, 'cds', archives()[0]!)}`, '-Xlog:cds*=off'])
  })

  it('keeps no archive from a failed build, and repeats a build whose archive could not be written', () => {
    const { input, dump, archives } = setup()
    const failed = planMavenCds(input)
    dump(failed)
    assert.equal(failed.afterRun({ status: 1, signal: null }), false, 'Maven\'s own failure is the build\'s')
    assert.deepEqual(archives(), [])
    assert.equal(planMavenCds(input).afterRun({ status: 1, signal: null }), true, 'the dump failed: build again without it')
  })

  it('removes an archive the JVM crashed on, and asks for the build again', () => {
    const { input, dump, archives } = setup()
    const first = planMavenCds(input)
    dump(first)
    first.afterRun({ status: 0, signal: null })
    assert.equal(planMavenCds(input).afterRun({ status: 1, signal: null }), false)
    assert.equal(archives().length, 1)
    assert.equal(planMavenCds(input).afterRun({ status: null, signal: 'SIGBUS' }), true)
    assert.deepEqual(archives(), [])
  })

  it('makes a new archive for another JDK or Maven, replacing the old one', () => {
    const { input, dump, archives } = setup()
    const first = planMavenCds(input)
    dump(first)
    first.afterRun({ status: 0, signal: null })
    const [old] = archives()
    const upgraded = planMavenCds({ ...input, mavenId: 'mvn 3.9.9' })
    assert.equal(upgraded.creating, true)
    dump(upgraded)
    upgraded.afterRun({ status: 0, signal: null })
    assert.equal(archives().length, 1)
    assert.notEqual(archives()[0], old)
  })

  it('stays out of the way of a JDK without a base archive, or MAVEN_OPTS that set class sharing', () => {
    assert.deepEqual(planMavenCds(setup(['classes.jsa']).input).options, [])
    assert.deepEqual(planMavenCds({ ...setup().input, mavenOpts: '-Xshare:off' }).options, [])
    assert.equal(existsSync(join(root, String(count), 'cache', 'cds')), false)
  })
})
