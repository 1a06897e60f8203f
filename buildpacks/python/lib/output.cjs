'use strict'
// Heroku-style build output, and running a tool with its output indented under the current step.
const { spawn } = require('node:child_process')
const readline = require('node:readline')

const step = (text) => console.log(`-----> ${text}`)
const info = (text) => console.log(`       ${text}`)
const warn = (text) => console.log(` !     ${text}`)
function fail(...lines) {
  for (const line of lines) console.log(` !     ${line}`)
  process.exit(1)
}

/** Runs a command, printing its stdout and stderr indented; resolves to its exit status. */
function run(cmd, args, { cwd = '/app', env = process.env } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => info(line))
    }
    child.on('error', (error) => {
      warn(`could not run ${cmd}: ${error.message}`)
      resolve(127)
    })
    child.on('close', (code) => resolve(code ?? 1))
  })
}

module.exports = { step, info, warn, fail, run }
