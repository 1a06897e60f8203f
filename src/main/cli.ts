import { readFileSync } from 'node:fs'

// The `berth` binary. Only `--version` and the dispatch live here; the server and each command
// are imported when used, so client commands never load the server's dependencies.

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
  return pkg.version
}

async function serve(): Promise<void> {
  const { ConfigError, loadConfig } = await import('../config/load-config.js')
  const { startServer } = await import('./server.js')
  const { describeEscapedError, installProcessGuard } = await import('./process-guard.js')
  const { pino } = await import('pino')
  let server
  try {
    const config = loadConfig(process.env)
    // From here on, an error that escapes a request is logged and the server keeps serving.
    installProcessGuard(pino({ level: config.logLevel, name: 'process-guard' }))
    server = await startServer(config)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (error instanceof ConfigError || code === 'EADDRINUSE' || code === 'EACCES') {
      const { address, port } = error as { address?: string; port?: number }
      process.stderr.write(`berth: ${error instanceof ConfigError ? error.message : `cannot listen on ${address}:${port} (${code}); set BERTH_API_PORT, BERTH_ROUTER_PORT, BERTH_ROUTER_TLS_PORT or BERTH_RENDEZVOUS_PORT`}\n`)
      process.exit(1)
    }
    throw error
  }
  let stopping = false
  // close() ends within the dyno stop timeout; whatever still holds the event loop then is let go.
  const stop = async () => {
    if (stopping) return
    stopping = true
    // The process guard would swallow a failed close and leave the process up: exit either way.
    try {
      await server.close()
    } catch (error) {
      process.stderr.write(`berth: shutdown failed: ${describeEscapedError(error).message}\n`)
      process.exitCode = 1
    }
    process.exit()
  }
  // stop() ends the process whatever happens; a rejection would only mean it is already ending.
  const exitOnError = () => process.exit(1)
  process.on('SIGTERM', () => stop().catch(exitOnError))
  process.on('SIGINT', () => stop().catch(exitOnError))
}

async function main(argv: string[]): Promise<void> {
  const [command] = argv
  if (command === '--version' || command === '-v' || command === 'version') {
    process.stdout.write(`berth/${version()} ${process.platform}-${process.arch} node-${process.version}\n`)
  } else if (command === 'server') {
    await serve()
  } else if (command === 'stack:build') {
    const { buildStackImage, parseStackBuildArgs } = await import('./stack-build.js')
    // An operator's command: its failures are said in a line, not a stack trace.
    try {
      await buildStackImage(parseStackBuildArgs(argv.slice(1)), (line) => process.stdout.write(`${line}\n`))
    } catch (error) {
      process.stderr.write(`berth: ${(error as Error).message}\n`)
      process.exitCode = 1
    }
  } else if (command === 'swarm:node-rules') {
    // For the operator of each Swarm node other than Berth's own (which loads them itself).
    const { loadConfig } = await import('../config/load-config.js')
    const { nodeFenceRules, swarmNodeAddresses } = await import('../scheduler/swarm/node-fence.js')
    const { EngineApi } = await import('../scheduler/docker/engine-api.js')
    const { addonServersToRelay } = await import('../scheduler/swarm/addon-relay.js')
    const config = loadConfig(process.env)
    const { dynoPorts, swarm, docker } = config.runtime
    if (!swarm.slugAddress) {
      process.stderr.write('berth: swarm:node-rules needs BERTH_SWARM_SLUG_ADDRESS, as berth server has it\n')
      process.exitCode = 1
    } else {
      // The nodes as the swarm knows them now: print the rules again when one joins.
      const nodeAddresses = await swarmNodeAddresses(EngineApi.at(docker.host)).catch((error: Error) => {
        throw new Error(`swarm:node-rules asks this machine's Docker Engine for the swarm's nodes: ${error.message}`)
      })
      const addonPorts = addonServersToRelay(config.addons).map((server) => server.port)
      process.stdout.write(nodeFenceRules({ dynoPorts, slugServer: swarm.slugAddress, addonPorts, berthMachine: false, nodeAddresses }))
    }
  } else {
    const { runCli } = await import('../cli/run-cli.js')
    process.exitCode = await runCli(argv)
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`berth: ${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
