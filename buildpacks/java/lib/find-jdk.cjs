'use strict'
// Where a JDK comes from, in Berth's runtime order. Dynos run the jar with the JDK the build used,
// so it must be one they can see read-only: the operator's /runtimes/java/<version>, then the
// machine's own under /usr/lib/jvm. Nothing is downloaded into the build cache (dynos cannot see it).
const fs = require('node:fs')
const path = require('node:path')
const { majorOfReleaseFile } = require('./jdk-version.cjs')

function jdksIn(dir, source) {
  let names = []
  try { names = fs.readdirSync(dir).sort() } catch { return [] }
  return names.flatMap((name) => {
    const home = path.join(dir, name)
    // Debian's /usr/lib/jvm has alias symlinks (default-java, java-1.17.0-openjdk-amd64): count each JDK once.
    if (fs.lstatSync(home).isSymbolicLink() || !fs.existsSync(path.join(home, 'bin', 'javac'))) return []
    let release = ''
    try { release = fs.readFileSync(path.join(home, 'release'), 'utf8') } catch { return [] }
    const major = majorOfReleaseFile(release)
    const full = /^JAVA_VERSION="?([^"\n]+)"?/m.exec(release)?.[1]
    return major === null ? [] : [{ major, version: full, home, source }]
  })
}

/** Every usable JDK, operator's first. */
function listJdks(runtimesDir) {
  const operator = runtimesDir ? jdksIn(path.join(runtimesDir, 'java'), 'the operator\'s runtimes') : []
  return [...operator, ...jdksIn('/usr/lib/jvm', 'this machine')]
}

module.exports = { listJdks }
