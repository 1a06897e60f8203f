#!/usr/bin/env node
// Builds the dashboard (dashboard/) into dist/dashboard/: one bundled, minified app.js from the
// Preact sources, plus index.html and styles.css. Part of `npm run build`, so `npm install` and
// `npm start` produce it; nothing built is committed.
import { build } from 'esbuild'
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('../', import.meta.url).pathname
const out = join(root, 'dist', 'dashboard')
mkdirSync(out, { recursive: true })
await build({
  entryPoints: [join(root, 'dashboard', 'src', 'main.tsx')],
  outfile: join(out, 'app.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
})
for (const file of ['index.html', 'styles.css']) copyFileSync(join(root, 'dashboard', file), join(out, file))
