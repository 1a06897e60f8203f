#!/usr/bin/env node
// Fails when modules under src/ import each other in a circle (type-only imports count: a circle
// of types is still two files that cannot be understood apart). Run by `npm run lint`; the
// direction between folders is ESLint's job (eslint.config.js).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = resolve(new URL('..', import.meta.url).pathname, 'src')

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : []
  })
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g
const graph = new Map()
for (const file of walk(root)) {
  const targets = []
  for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const target = resolve(dirname(file), (match[1] ?? match[2]).replace(/\.js$/, '.ts'))
    if (existsSync(target)) targets.push(target)
  }
  graph.set(file, targets)
}

// Tarjan's strongly connected components: every component with more than one module is a circle.
let index = 0
const indexes = new Map()
const lows = new Map()
const stack = []
const onStack = new Set()
const circles = []
function visit(node) {
  indexes.set(node, index)
  lows.set(node, index++)
  stack.push(node)
  onStack.add(node)
  for (const next of graph.get(node) ?? []) {
    if (!indexes.has(next)) {
      visit(next)
      lows.set(node, Math.min(lows.get(node), lows.get(next)))
    } else if (onStack.has(next)) {
      lows.set(node, Math.min(lows.get(node), indexes.get(next)))
    }
  }
  if (lows.get(node) !== indexes.get(node)) return
  const component = []
  for (let member; member !== node;) {
    member = stack.pop()
    onStack.delete(member)
    component.push(member)
  }
  if (component.length > 1 || (graph.get(node) ?? []).includes(node)) circles.push(component)
}
for (const node of graph.keys()) if (!indexes.has(node)) visit(node)

if (circles.length > 0) {
  for (const circle of circles) console.error(`import circle: ${circle.map((f) => relative(root, f)).sort().join(' <-> ')}`)
  process.exit(1)
}
console.log(`check-imports: ${graph.size} modules, no import circles`)
