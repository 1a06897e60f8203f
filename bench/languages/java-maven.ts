import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LanguageBench } from './language-bench.js'

/** A plain Maven app (com.sun.net.httpserver and Gson from Maven Central) with a Procfile. */
export const language: LanguageBench = {
  name: 'java-maven',
  fixture: 'java-maven',
  codeChange(dir, n) {
    const file = join(dir, 'src/main/java/com/example/Main.java')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/GREETING = ".*";/, `GREETING = "hello from java change ${n}";`))
  },
  lockChange(dir, n) {
    const file = join(dir, 'pom.xml')
    const version = n % 2 === 1 ? '2.10.1' : '2.11.0'
    writeFileSync(file, readFileSync(file, 'utf8').replace(/(<artifactId>gson<\/artifactId>\s*<version>)[^<]+/, `$1${version}`))
  },
  // What the buildpack runs, with the machine's warm ~/.m2.
  floor: () => [['mvn', '-B', '--no-transfer-progress', '-DskipTests', 'package']],
}
