'use strict'
// Class-data sharing for Maven's JVM. A warm Maven build loads about 6,000 classes (Maven's own,
// the JDK's, javac's, the plugins') and parses and verifies each one again on every build. JDK 13+
// can write the classes a run loaded into an archive (-XX:ArchiveClassesAtExit) and map it in the
// next run (-XX:SharedArchiveFile): about 0.5 s less CPU per build on this machine.
//
// The archive lives in the app's build cache, named after the JDK and the Maven that made it, so a
// new JDK or Maven makes a new one. The JVM checks an archive itself (its JDK, its classpath, each
// class's bytes) and ignores what does not match, but a file that is not a whole archive can crash
// it: an archive is written under a temporary name and renamed only after Maven exited 0, and a
// JVM that dies by a signal while using one has the archive removed and the build run again, as
// does a run whose archive could not be written (the JVM then exits 1 after Maven succeeded).
const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

// Writing the archive costs about a second, so it is made once per JDK and Maven, on the first build.
const PREFIX = 'maven-'

const JVM_CRASHES = new Set(['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGILL'])

const stamp = (file) => {
  const stat = fs.statSync(file, { throwIfNoEntry: false })
  return `${file} ${stat ? `${stat.size} ${stat.mtimeMs}` : '-'}`
}

/**
 * Names the Maven a build runs: the wrapper's distribution (its properties file, whose mtime is
 * the checkout's), or the machine's Maven by its installed files.
 */
function mavenIdentity(buildDir, mvn) {
  if (mvn === null) {
    const props = path.join(buildDir, '.mvn', 'wrapper', 'maven-wrapper.properties')
    return `wrapper ${fs.existsSync(props) ? fs.readFileSync(props, 'utf8') : ''}`
  }
  const home = path.dirname(path.dirname(fs.realpathSync(mvn)))
  return [stamp(path.join(home, 'lib')), stamp(path.join(home, 'boot'))].join('\n')
}

/** What names the JDK and the Maven a build runs: a different one needs a different archive. */
function archiveKey(jdkHome, mavenId) {
  const jdk = [stamp(path.join(jdkHome, 'release')), stamp(path.join(jdkHome, 'lib', 'server', 'classes.jsa'))]
  return crypto.createHash('sha256').update([...jdk, mavenId].join('\n')).digest('hex').slice(0, 16)
}

/**
 * Plans class-data sharing for one Maven run: the JVM options to add to MAVEN_OPTS, and what to
 * do once Maven exited. Nothing is planned when the JDK has no base archive to extend (dumping
 * would stop the JVM from starting) or MAVEN_OPTS already says how to share classes.
 */
function planMavenCds({ cacheDir, jdkHome, mavenId, mavenOpts }) {
  const none = { options: [], creating: false, afterRun: () => false }
  if (/-Xshare|SharedArchiveFile|ArchiveClassesAtExit/.test(mavenOpts)) return none
  if (!['classes.jsa', 'classes_nocoops.jsa'].every((name) => fs.existsSync(path.join(jdkHome, 'lib', 'server', name)))) return none
  const dir = path.resolve(cacheDir, 'cds')
  const archive = path.join(dir, `${PREFIX}${archiveKey(jdkHome, mavenId)}.jsa`)
  // The JVM's notes on classes it skips or archives it ignores are not the build's business.
  const quiet = '-Xlog:cds*=off'
  if (fs.existsSync(archive)) {
    return {
      options: [`-XX:SharedArchiveFile=${archive}`, quiet],
      creating: false,
      /** @returns whether the run should be repeated without the archive */
      afterRun(result) {
        if (!JVM_CRASHES.has(result.signal)) return false
        fs.rmSync(archive, { force: true })
        return true
      },
    }
  }
  fs.mkdirSync(dir, { recursive: true })
  const partial = path.join(dir, `partial-${process.pid}.jsa`)
  return {
    options: [`-XX:ArchiveClassesAtExit=${partial}`, quiet],
    creating: true,
    afterRun(result) {
      const written = fs.existsSync(partial)
      if (result.status === 0 && written) {
        for (const old of fs.readdirSync(dir)) if (old.startsWith(PREFIX)) fs.rmSync(path.join(dir, old), { force: true })
        fs.renameSync(partial, archive)
      }
      fs.rmSync(partial, { force: true })
      // Maven exits through the JVM's dump, failed build or not: no archive at all means the
      // dump itself failed (and made the JVM exit 1), so the build is run again without it.
      return JVM_CRASHES.has(result.signal) || (result.status !== 0 && !written)
    },
  }
}

module.exports = { mavenIdentity, planMavenCds }
