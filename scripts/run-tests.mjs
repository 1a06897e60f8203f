#!/usr/bin/env node
// Collects test files by suffix (Node 20's --test takes no globs) and runs them
// with node:test through tsx. Usage: node scripts/run-tests.mjs [--tier unit|integration|e2e] [filter]
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { spawnSync } from 'node:child_process'

const tiers = {
  unit: (f) => f.endsWith('.test.ts') && !f.endsWith('.integration.test.ts') && !f.endsWith('.e2e.test.ts'),
  integration: (f) => f.endsWith('.integration.test.ts'),
  e2e: (f) => f.endsWith('.e2e.test.ts'),
}

const args = process.argv.slice(2)
const tierIndex = args.indexOf('--tier')
const tier = tierIndex >= 0 ? args.splice(tierIndex, 2)[1] : undefined
const filter = args[0]

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return []
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

const root = process.cwd()
const files = ['src', 'test']
  .flatMap((dir) => walk(join(root, dir)))
  .map((f) => relative(root, f))
  .filter((f) => (tier ? tiers[tier](f) : f.endsWith('.test.ts')))
  .filter((f) => !filter || f.includes(filter))
  .sort()

if (files.length === 0) {
  console.error('no test files matched')
  process.exit(1)
}

const result = spawnSync(
  process.execPath,
  // A test file whose `before` failed may leave a handle open (a server, a child process): the
  // runner exits once its tests are done instead of waiting on it, and no test may hang the run.
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=600000', '--test-reporter=spec', ...files],
  { stdio: 'inherit' },
)
process.exit(result.status ?? 1)
