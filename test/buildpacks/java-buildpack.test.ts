import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'

const require = createRequire(import.meta.url)
const { runtimeVersionOf, majorOf, majorOfReleaseFile } = require('../../buildpacks/java/lib/jdk-version.cjs') as {
  runtimeVersionOf(text: string): string | null
  majorOf(version: string): number | null
  majorOfReleaseFile(text: string): number | null
}
const { webProcess } = require('../../buildpacks/java/lib/web-process.cjs') as { webProcess(dir: string): string | null }

describe('the Java buildpack\'s JDK choice', () => {
  it('reads java.runtime.version from system.properties', () => {
    assert.equal(runtimeVersionOf('# JDK\nmaven.version=3.9.6\njava.runtime.version = 21\n'), '21')
    assert.equal(runtimeVersionOf('maven.version=3.9.6\n'), null)
  })

  it('reads the major version from the ways Heroku apps write it', () => {
    const majors = ['17', '17.0.9', '1.8', '1.8.0_392', 'zulu-21', 'heroku-17', '25.0.1+8', 'latest'].map(majorOf)
    assert.deepEqual(majors, [17, 17, 8, 8, 21, 17, 25, null])
  })

  it('reads the major version of an installed JDK from its release file', () => {
    assert.equal(majorOfReleaseFile('IMPLEMENTOR="Debian"\nJAVA_VERSION="17.0.15"\n'), 17)
  })
})

describe('the Java buildpack\'s default web process', () => {
  const root = mkdtempSync(join(tmpdir(), 'berth-java-web-'))
  after(() => rmSync(root, { recursive: true, force: true }))
  const app = (name: string, pom: string, jars: string[]) => {
    const dir = join(root, name)
    mkdirSync(join(dir, 'target'), { recursive: true })
    writeFileSync(join(dir, 'pom.xml'), pom)
    for (const jar of jars) writeFileSync(join(dir, 'target', jar), '')
    return dir
  }

  it('runs a Spring Boot app\'s jar on $PORT', () => {
    const pom = '<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId></parent></project>'
    const dir = app('boot', pom, ['demo-0.1.jar.original', 'demo-0.1.jar', 'demo-0.1-sources.jar'])
    assert.equal(webProcess(dir), 'java -Dserver.port=$PORT $JAVA_OPTS -jar target/demo-0.1.jar')
  })

  it('leaves a plain Maven app\'s processes to its Procfile', () => {
    assert.equal(webProcess(app('plain', '<project><groupId>com.example</groupId></project>', ['plain-1.0.jar'])), null)
  })
})
