'use strict'
// Heroku compat: a Spring Boot app's web process runs its jar on $PORT; a plain Maven app has none
// (it names its processes in a Procfile).
const fs = require('node:fs')
const path = require('node:path')

const isSpringBoot = (pomText) => /<groupId>\s*org\.springframework\.boot\s*<\/groupId>/.test(pomText)

/** The runnable jar Maven left in target/ (not sources, javadoc or the pre-repackage original). */
function builtJar(buildDir) {
  let names = []
  try { names = fs.readdirSync(path.join(buildDir, 'target')) } catch { return null }
  const jars = names.filter((n) => n.endsWith('.jar') && !/-(sources|javadoc|tests)\.jar$/.test(n)).sort()
  return jars[0] ?? null
}

/** The default web command, or null. */
function webProcess(buildDir) {
  const pom = fs.readFileSync(path.join(buildDir, 'pom.xml'), 'utf8')
  const jar = builtJar(buildDir)
  return isSpringBoot(pom) && jar ? `java -Dserver.port=$PORT $JAVA_OPTS -jar target/${jar}` : null
}

module.exports = { isSpringBoot, webProcess }
