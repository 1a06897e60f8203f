// Lint rules, including the folder boundaries from STYLE.md: each folder may
// import only what sits upstream of it in the data flow.
import tseslint from 'typescript-eslint'

const IO_MODULES = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:crypto', 'fs', 'net', 'http', 'child_process', 'crypto']
const IMPLEMENTATIONS = ['**/store/sqlite/**', '**/store/postgres/**', '**/scheduler/local/**', '**/blobs/fs/**', '**/addons/postgresql/**', '**/addons/redis/**']

/** Build a no-restricted-imports rule from forbidden path globs and module names. */
function restrict({ patterns = [], paths = [], message }) {
  return {
    'no-restricted-imports': ['error', {
      paths: paths.map((name) => ({ name, message })),
      patterns: patterns.map((group) => ({ group: [group], message })),
    }],
  }
}

export default tseslint.config(
  // Fixture apps, buildpacks and git hooks are CommonJS programs that run outside Berth.
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**', 'buildpacks/**', 'git-hooks/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The server keeps serving whatever a background task does: every promise in it is awaited or
    // has a handler. `void` does not count, since a voided promise that rejects is still unhandled.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.contract.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: false }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
    },
  },
  {
    // Tests read untyped JSON responses from a real server; `any` there is honest.
    files: ['**/*.test.ts', '**/*.contract.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: restrict({
      paths: IO_MODULES,
      patterns: ['**/services/**', '**/store/**', '**/api/**', '**/main/**', '**/config/**', 'fastify', 'pg', 'better-sqlite3', 'pino'],
      message: 'core/ is pure: no I/O, and it imports nothing downstream.',
    }),
  },
  {
    files: ['src/services/**/*.ts'],
    ignores: ['src/services/**/*.test.ts'],
    rules: restrict({
      patterns: [...IMPLEMENTATIONS, '**/api/**', '**/main/**', 'fastify', 'pg', 'better-sqlite3'],
      message: 'services/ import core/ and the types of ports only.',
    }),
  },
  {
    files: ['src/store/**/*.ts', 'src/rollout/**/*.ts', 'src/logs/**/*.ts', 'src/blobs/**/*.ts', 'src/addons/**/*.ts', 'src/rendezvous/**/*.ts', 'src/outbound/**/*.ts', 'src/acme/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.contract.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**'],
      message: 'Adapters never import services/, api/, cli/ or main/.',
    }),
  },
  {
    // Webhook events carry resources as the API serializes them, and go out through outbound/.
    files: ['src/webhooks/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict({
      patterns: [...IMPLEMENTATIONS, '**/services/**', '**/main/**', '**/cli/**', '**/api/routes/**', '**/api/build-api.js', 'fastify'],
      message: 'webhooks/ may use core/, api/serializers/, outbound/ and port types; never services/, routes, cli/ or main/.',
    }),
  },
  {
    // The sandbox confines code; it knows nothing of what runs in it.
    files: ['src/sandbox/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/scheduler/**', '**/router/**', '**/git/**', '**/build/**', '**/config/**', '**/logs/**'],
      message: 'sandbox/ imports only core/: everything that runs code builds on it, not the other way.',
    }),
  },
  {
    files: ['src/config/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/scheduler/**', '**/router/**', '**/git/**', '**/build/**', '**/sandbox/**', '**/logs/**'],
      message: 'config/ reads the environment into values; it imports only core/ rules.',
    }),
  },
  {
    files: ['src/scheduler/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.contract.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/router/**', '**/git/**', '**/build/**'],
      message: 'scheduler/ runs dynos from specs; it knows nothing of releases, routes or the store.',
    }),
  },
  {
    files: ['src/runtimes/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/scheduler/**', '**/router/**', '**/git/**'],
      message: 'runtimes/ fills the runtime store for builds and dynos; they use it, not the other way.',
    }),
  },
  {
    files: ['src/router/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.contract.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/scheduler/**', '**/git/**', '**/build/**', '**/sandbox/**'],
      message: 'router/ learns routes only through its RouteSource port.',
    }),
  },
  {
    files: ['src/build/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.contract.ts'],
    rules: restrict({
      patterns: ['**/services/**', '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/scheduler/**', '**/router/**', '**/git/**'],
      message: 'build/ turns source into slugs; services call it, not the other way.',
    }),
  },
  {
    files: ['src/git/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: restrict({
      patterns: [...IMPLEMENTATIONS, '**/api/**', '**/main/**', '**/cli/**', '**/store/**', '**/rollout/**', '**/scheduler/**', '**/router/**', '**/build/**'],
      message: 'git/ is an edge: it receives services injected and shares only credentials/ with the API.',
    }),
  },
  {
    files: ['src/api/**/*.ts'],
    ignores: ['src/api/**/*.test.ts'],
    rules: restrict({
      patterns: [...IMPLEMENTATIONS, '**/main/**', '**/cli/**'],
      message: 'api/ receives services injected; only main/ picks implementations.',
    }),
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/**/*.test.ts'],
    rules: restrict({
      patterns: ['**/core/**', '**/services/**', '**/store/**', '**/api/**', '**/main/**', 'fastify', 'pg', 'better-sqlite3'],
      message: 'cli/ talks to the API only and shares nothing with the server but wire types.',
    }),
  },
)
