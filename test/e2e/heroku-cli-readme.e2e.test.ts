import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { berthArgv } from '../support/berth-cli.js'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { ensureHerokuCli } from '../support/heroku-cli.js'

const ROOT = new URL('../../', import.meta.url).pathname
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')

/** The first ```sh block after the README's `## <heading>`. */
function shBlock(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`)
  assert.ok(start >= 0, `the README has no section "${heading}"`)
  const block = /```sh\n([\s\S]*?)```/.exec(README.slice(start))?.[1]
  assert.ok(block, `the README's "${heading}" has no sh block`)
  return block
}

interface Run { code: number; output: string }

/**
 * The README's newcomer path, run as written by bash in a fresh HOME whose `~/.berth` is the data
 * dir of a `berth server` started with its defaults (so the admin has only the key it printed).
 * Only the address changes: 127.0.0.1:5000 becomes the test server's.
 */
describe("the README's commands, as a newcomer runs them", () => {
  let berth: BerthProcess
  let home: string
  let herokuBin: string

  const bash = (script: string): Promise<Run> => new Promise((resolve, reject) => {
    const port = new URL(berth.apiUrl).port
    const child = spawn('bash', ['-euo', 'pipefail', '-c', script.replaceAll('127.0.0.1:5000', `127.0.0.1:${port}`)], {
      cwd: ROOT,
      // Nothing of the test runner's environment (no GIT_SSL_CAINFO): what a newcomer's shell has.
      env: {
        PATH: `${dirname(herokuBin)}:${process.env.PATH}`, HOME: home, NO_COLOR: '1', GIT_TERMINAL_PROMPT: '0',
        GIT_AUTHOR_NAME: 'New Comer', GIT_AUTHOR_EMAIL: 'new@example.com', GIT_COMMITTER_NAME: 'New Comer', GIT_COMMITTER_EMAIL: 'new@example.com',
      },
    })
    let output = ''
    child.stdout.on('data', (chunk) => { output += chunk })
    child.stderr.on('data', (chunk) => { output += chunk })
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, output })
    })
  })

  before(async () => {
    herokuBin = ensureHerokuCli()
    home = mkdtempSync(join(tmpdir(), 'berth-newcomer-'))
    berth = await startBerthProcess({ BERTH_STOP_TIMEOUT: '3' }, { dataDir: join(home, '.berth') })
  })
  after(async () => berth?.stop())

  it('the heroku CLI blocks work as written: releases and rollback, then a git push over https through the CLI credential helper', async () => {
    const { code, output } = await bash(`${shBlock('Using it with the Heroku CLI')}\n${shBlock('Deploying with git push')}`)
    assert.equal(code, 0, output)
    assert.match(output, /Rolling back demo to v3\.\.\. done, v5/)
    assert.match(output, /remote: +Released v6/)
    assert.match(output, /=== demo Releases - Current: v6/)
    // HEROKU_DISABLE_AUTOUPDATE: the CLI claims this marker when it starts its background updater.
    assert.equal(existsSync(join(home, '.cache', 'heroku', 'autoupdate')), false, 'the CLI started its updater')
  })

  it('the berth CLI block works as written after a default first start: the printed key, the sample app, a push', async () => {
    const block = shBlock('The `berth` CLI').split('\n')
    const from = block.findIndex((line) => line.startsWith('export BERTH_API_URL='))
    const to = block.findIndex((line) => line.startsWith('berth releases '))
    assert.ok(from >= 0 && to > from, 'the block sets BERTH_API_URL and then lists releases')
    const berthCli = `berth() { ${[process.execPath, ...berthArgv([])].map((a) => `'${a}'`).join(' ')} "$@"; }`
    const { code, output } = await bash(`${berthCli}\n${block.slice(from, to + 1).join('\n')}`)
    assert.equal(code, 0, output)
    assert.match(output, /Logged in as admin@berth\.local/)
    assert.match(output, /remote: +Released v3/)
    assert.match(output, /=== notes Releases - Current: v3/)
  })
})
