import { readFileSync } from 'node:fs'
import { ConfigError, loadConfig } from '../config/load-config.js'
import { startServer } from './server.js'

const USAGE = `Usage: berth <command>

Commands:
  server       start the Berth API (see docs/config.md for BERTH_* settings)
  --version    print the version
`

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

async function serve(): Promise<void> {
  const server = await startServer(loadConfig(process.env))
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await server.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
}

async function main(argv: string[]): Promise<void> {
  const [command] = argv
  if (command === '--version' || command === '-v') {
    process.stdout.write(`berth/${version()} ${process.platform}-${process.arch} node-${process.version}\n`)
  } else if (command === 'server') {
    await serve()
  } else {
    process.stdout.write(USAGE)
    if (command !== undefined && command !== 'help' && command !== '--help') process.exitCode = 1
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`berth: ${error instanceof ConfigError ? error.message : error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
