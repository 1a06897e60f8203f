import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LanguageBench } from './language-bench.js'
import { benchCache, MACHINE_PYTHON, toolsEnv } from '../support/python-tools.js'

const BASE = 'flask==3.1.3\ngunicorn==27.0.1\n'

/** Flask + gunicorn from requirements.txt, installed by pip (the buildpack's pinned pip 26.3). */
export const language: LanguageBench = {
  name: 'python-pip',
  fixture: 'python-flask',
  codeChange(dir, n) {
    const file = join(dir, 'app.py')
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^VERSION = .*$/m, `VERSION = 'code-${n}'`))
  },
  // Alternates between two versions of a small package, so after two runs pip's cache holds both.
  lockChange(dir, n) {
    writeFileSync(join(dir, 'requirements.txt'), `${BASE}six==${n % 2 === 0 ? '1.17.0' : '1.16.0'}\n`)
  },
  floor() {
    const tools = toolsEnv('pip', ['pip==26.3'])
    return [
      tools.ensure,
      [MACHINE_PYTHON, '-m', 'venv', '--without-pip', '.floor-venv'],
      [join(tools.dir, 'bin', 'pip'), '--python', '.floor-venv/bin/python', 'install', '-q', '-r', 'requirements.txt',
        '--disable-pip-version-check', '--cache-dir', benchCache('pip')],
    ]
  },
}
