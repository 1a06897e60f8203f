import { copyFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LanguageBench } from './language-bench.js'
import { benchCache, MACHINE_PYTHON, toolsEnv } from '../support/python-tools.js'

const ROOT = new URL('../../', import.meta.url).pathname
// The two locked states a lock-file change alternates between: the fixture's, and one adding six.
const VARIANTS = [join(ROOT, 'bench/support/python-uv-six'), join(ROOT, 'test/fixtures/apps/python-uv')]

/** A uv project (gunicorn) installed by `uv sync --locked` from uv.lock (the buildpack's pinned uv 0.13.9). */
export const language: LanguageBench = {
  name: 'python-uv',
  fixture: 'python-uv',
  codeChange(dir, n) {
    const file = join(dir, 'app.py')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^VERSION = .*$/m, `VERSION = 'code-${n}'`))
  },
  lockChange(dir, n) {
    const from = VARIANTS[(n + 1) % 2]!
    for (const file of ['pyproject.toml', 'uv.lock']) copyFileSync(join(from, file), join(dir, file))
  },
  // The buildpack compiles bytecode and trusts the machine's certificates; so does the floor.
  floor() {
    const tools = toolsEnv('uv', ['uv==0.13.9'])
    return [
      tools.ensure,
      [join(tools.dir, 'bin', 'uv'), 'sync', '--locked', '--no-default-groups', '--compile-bytecode', '--system-certs', '--no-progress', '-q',
        '--python', MACHINE_PYTHON, '--no-python-downloads', '--cache-dir', benchCache('uv')],
    ]
  },
}
