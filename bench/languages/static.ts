import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LanguageBench } from './language-bench.js'

/**
 * A static site with a static.json. It has no lock file and installs nothing, so its "lock-file
 * change" is a static.json change, and its floor is only reading that file: any time above it is
 * the platform's own.
 */
export const language: LanguageBench = {
  name: 'static',
  fixture: 'static-site',
  codeChange(dir, n) {
    const index = join(dir, 'site', 'index.html')
    writeFileSync(index, readFileSync(index, 'utf8') + `<!-- change ${n} -->\n`)
  },
  lockChange(dir, n) {
    const file = join(dir, 'static.json')
    const config = JSON.parse(readFileSync(file, 'utf8'))
    config.headers['/'] = { ...config.headers['/'], 'X-Bench-Change': String(n) }
    writeFileSync(file, JSON.stringify(config, null, 2) + '\n')
  },
  floor: () => [['node', '-e', 'JSON.parse(require("node:fs").readFileSync("static.json", "utf8"))']],
}
