import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DockerEngine } from '../scheduler/docker/docker-engine.js'

/** What `berth stack:build` makes, and from where. */
export interface StackBuildOptions {
  image: string
  suite: string
  mirror: string
  packages: string[]
  /** Add the CAs this machine's operator trusts (`/usr/local/share/ca-certificates`), as behind a TLS-inspecting proxy. */
  localCas: boolean
}

export const STACK_BUILD_DEFAULTS: StackBuildOptions = {
  image: 'berth/stack:24',
  suite: 'bookworm',
  mirror: 'http://deb.debian.org/debian',
  // What dynos of Heroku's stacks count on finding: a shell, TLS roots, time zones, locales, ps, and
  // curl and tar (a dyno on another node will fetch and unpack its slug, ADR 0011).
  packages: ['bash', 'ca-certificates', 'curl', 'tar', 'gzip', 'tzdata', 'netbase', 'procps', 'locales'],
  localCas: true,
}

/** Where Debian keeps the CAs an operator added to the machine's trust. */
const LOCAL_CAS = '/usr/local/share/ca-certificates'

const USAGE = 'usage: berth stack:build [--image NAME:TAG] [--suite SUITE] [--mirror URL] [--packages a,b,c] [--local-cas yes|no]'

/** Reads `stack:build`'s flags; throws with the usage on anything it does not know or cannot pass to a process. */
export function parseStackBuildArgs(argv: readonly string[]): StackBuildOptions {
  const options = { ...STACK_BUILD_DEFAULTS, packages: [...STACK_BUILD_DEFAULTS.packages] }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`)
    if (flag === '--image' && /^[a-z0-9]+(?:[._/-][a-z0-9]+)*:[\w.-]{1,128}$/.test(value)) options.image = value
    else if (flag === '--suite' && /^[a-z]{2,32}$/.test(value)) options.suite = value
    else if (flag === '--mirror' && /^https?:\/\/[\w.-]+(?::\d+)?(?:\/[\w./~-]*)?$/.test(value)) options.mirror = value
    else if (flag === '--packages' && /^[a-z0-9][a-z0-9.+-]*(?:,[a-z0-9][a-z0-9.+-]*)*$/.test(value)) options.packages = [...new Set([...options.packages, ...value.split(',')])]
    else if (flag === '--local-cas' && (value === 'yes' || value === 'no')) options.localCas = value === 'yes'
    else throw new Error(`${flag} ${JSON.stringify(value)} is not something stack:build takes\n${USAGE}`)
  }
  return options
}

/**
 * `berth stack:build`: a Debian stack image from Debian's own packages (debootstrap, then `docker
 * import`), for a machine that can pull no image. The schedulers for several machines will run
 * dynos in it (ADR 0011); the Docker Engine scheduler on one machine does not need it.
 */
export async function buildStackImage(options: StackBuildOptions, say: (line: string) => void): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('stack:build makes a root filesystem with debootstrap: run it as root')
  const engine = await DockerEngine.connect()
  const root = await mkdtemp(join(tmpdir(), 'berth-stack-'))
  try {
    say(`-----> debootstrap ${options.suite} (minbase) from ${options.mirror}`)
    const made = await run('debootstrap', ['--variant=minbase', `--include=${options.packages.join(',')}`, options.suite, root, options.mirror], say)
    if (made !== 0) throw new Error(`debootstrap exited with status ${made} (is it installed? apt-get install debootstrap)`)
    await rm(join(root, 'var/cache/apt/archives'), { recursive: true, force: true })
    if (options.localCas) await trustLocalCas(root, say)
    say(`-----> Importing ${options.image}`)
    const archive = spawn('tar', ['-c', '-C', root, '--numeric-owner', '.'], { stdio: ['ignore', 'pipe', 'inherit'] })
    const changes = ['WORKDIR /app', 'ENV PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8', `LABEL org.opencontainers.image.title=berth-stack org.opencontainers.image.version=${options.suite}`]
    const imported = await engine.run(['import', ...changes.flatMap((change) => ['--change', change]), '-', options.image], archive.stdout)
    if (imported.code !== 0) throw new Error(`docker import failed: ${imported.stderr.trim()}`)
    say(`       ${options.image} is ready`)
  } finally {
    await rm(root, { recursive: true, force: true })
    await engine.close()
  }
}

// Builds and dynos in the image then trust what this machine trusts: its registries' certificates
// verify the same way inside as outside.
async function trustLocalCas(root: string, say: (line: string) => void): Promise<void> {
  const cas = existsSync(LOCAL_CAS) ? (await readdir(LOCAL_CAS)).filter((name) => name.endsWith('.crt')) : []
  if (cas.length === 0) return
  say(`-----> Adding this machine's own CAs (${LOCAL_CAS}): ${cas.join(', ')}`)
  for (const name of cas) await copyFile(join(LOCAL_CAS, name), join(root, LOCAL_CAS.slice(1), name))
  if (await run('chroot', [root, 'update-ca-certificates'], say) !== 0) throw new Error('update-ca-certificates failed in the new root')
}

function run(file: string, args: string[], say: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    for (const stream of [child.stdout, child.stderr]) {
      let partial = ''
      stream.setEncoding('utf8')
      stream.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n')
        partial = lines.pop() ?? ''
        for (const line of lines) say(`       ${line}`)
      })
    }
    child.on('error', reject)
    child.on('close', (code) => resolve(code ?? 1))
  })
}
