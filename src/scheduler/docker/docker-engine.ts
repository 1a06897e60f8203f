import { spawn } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const isExecutable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** Why dynos cannot run on the Docker Engine here. */
export class DockerUnavailableError extends Error {}

export interface DockerResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * The Docker CLI, pinned to one engine: `-H` and `--config` come first on every command line, so
 * nothing in the environment (a dyno's config vars travel in it) can point the CLI elsewhere.
 */
export class DockerEngine {
  private constructor(readonly host: string, private readonly configDir: string, private readonly binary: string) {}

  /**
   * Checks that the engine answers; `host` is a Docker host URL (default: the local socket). The CLI
   * reads its settings from `configDir` (an empty directory of Berth's own by default): no
   * credential helpers or contexts of whoever runs Berth.
   */
  static async connect(host = 'unix:///var/run/docker.sock', configDir?: string, binary = 'docker'): Promise<DockerEngine> {
    if (!/^unix:\/\/\/[\w./-]+$/.test(host)) throw new DockerUnavailableError(`BERTH_DOCKER_HOST must be a unix:// socket path, not ${host}`)
    // Found once, on the server's own PATH: a dyno's launch runs the CLI with the dyno's environment.
    const file = binary.includes('/') ? binary : (process.env.PATH ?? '/usr/bin:/bin').split(':').map((dir) => join(dir, binary)).find(isExecutable)
    if (!file) throw new DockerUnavailableError(`no ${binary} command on this machine's PATH; install docker.io`)
    if (configDir) await mkdir(configDir, { recursive: true, mode: 0o700 })
    const engine = new DockerEngine(host, configDir ?? await mkdtemp(join(tmpdir(), 'berth-docker-config-')), file)
    const version = await engine.run(['version', '--format', '{{.Server.Version}}']).catch((error: Error) => ({ code: 127, stdout: '', stderr: error.message }))
    if (version.code !== 0) {
      await engine.close()
      throw new DockerUnavailableError(`the Docker Engine at ${host} does not answer (${version.stderr.trim().split('\n').pop() || `exit ${version.code}`}); install docker.io and start dockerd`)
    }
    return engine
  }

  /** The argv prefix that pins a command to this engine. */
  get prefix(): string[] {
    return ['-H', this.host, '--config', this.configDir]
  }

  get file(): string {
    return this.binary
  }

  run(args: readonly string[], input?: NodeJS.ReadableStream): Promise<DockerResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, [...this.prefix, ...args], { stdio: [input ? 'pipe' : 'ignore', 'pipe', 'pipe'], env: {} })
      let stdout = ''
      let stderr = ''
      child.stdout!.on('data', (chunk) => { stdout += chunk })
      child.stderr!.on('data', (chunk) => { stderr += chunk })
      child.on('error', reject)
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }))
      if (input) {
        child.stdin!.on('error', () => {})
        input.pipe(child.stdin!)
      }
    })
  }

  /** Runs a command that must succeed; returns its stdout. */
  async check(args: readonly string[], what: string): Promise<string> {
    const result = await this.run(args)
    if (result.code !== 0) throw new Error(`${what}: ${result.stderr.trim() || `docker exited with ${result.code}`}`)
    return result.stdout
  }

  async close(): Promise<void> {
    await rm(this.configDir, { recursive: true, force: true })
  }
}
