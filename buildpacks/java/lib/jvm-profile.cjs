'use strict'
// The dyno's .profile.d/jvmcommon.sh: the JDK the app was built with, and the JVM's defaults for the
// dyno's memory (lib/jvm-options.sh, the same for every app).
const fs = require('node:fs')
const path = require('node:path')

const JVM_OPTIONS = fs.readFileSync(path.join(__dirname, 'jvm-options.sh'), 'utf8')

/** The script's text, for a JDK at `jdkHome` (read-only from the host or /runtimes). */
function jvmProfile(jdkHome) {
  return [
    '# Written by Berth\'s Java buildpack: the JDK the app was built with, read-only from the host or /runtimes.',
    `export JAVA_HOME="${jdkHome}"`,
    'export PATH="$JAVA_HOME/bin:$PATH"',
    '',
    JVM_OPTIONS,
  ].join('\n')
}

module.exports = { jvmProfile }
