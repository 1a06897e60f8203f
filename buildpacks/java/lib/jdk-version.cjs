'use strict'
// Which JDK an app asks for: `java.runtime.version` in system.properties, as on Heroku.

// Berth's default when an app names none: the machine's own JDK (Heroku's default is its newest LTS).
const DEFAULT_MAJOR = 17

/** The value of java.runtime.version in a system.properties text, or null. */
function runtimeVersionOf(propertiesText) {
  for (const line of propertiesText.split(/\r?\n/)) {
    const m = /^\s*java\.runtime\.version\s*[=:]\s*(.*?)\s*$/.exec(line)
    if (m) return m[1]
  }
  return null
}

/**
 * The major version a java.runtime.version names, or null: `17`, `17.0.9`, `1.8` (Java 8),
 * and Heroku's distribution prefixes (`zulu-21`, `heroku-17`), whose distribution Berth ignores.
 */
function majorOf(version) {
  const m = /^(?:[a-z]+-)?(\d+)(?:\.(\d+))?(?:[._+-].*)?$/i.exec(String(version).trim())
  if (!m) return null
  const first = Number(m[1])
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first
}

/** The JVM's `release` file: its JAVA_VERSION's major, or null. */
function majorOfReleaseFile(text) {
  const m = /^JAVA_VERSION="?([^"\n]+)"?/m.exec(text)
  return m ? majorOf(m[1]) : null
}

module.exports = { DEFAULT_MAJOR, runtimeVersionOf, majorOf, majorOfReleaseFile }
