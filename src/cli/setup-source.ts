import { CliError } from './cli-error.js'

/** What `apps:create --from` names: a tarball the server fetches, or a git repository this machine clones. */
export type SetupSource = { kind: 'tarball'; url: string } | { kind: 'git'; url: string }

const GIT_URL = [/^(git|ssh|git\+ssh):\/\//, /^[\w.-]+@[\w.-]+:/, /\.git\/?$/, /^https:\/\/(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+?\/?$/]

/**
 * Reads `--from`: an http(s) URL of a gzipped tarball, which the server fetches (under its
 * outbound rule), or a git repository (`git@…:…`, `ssh://`, `git://`, `….git`, a GitHub, GitLab or
 * Bitbucket repository page), which the CLI clones here, with the user's own access, and uploads
 * as a source (the server never clones anything).
 */
export function readSetupSource(from: string): SetupSource {
  if (from.length > 2048 || from.includes('\0')) throw new CliError('--from is too long, or has a NUL in it.')
  if (GIT_URL.some((pattern) => pattern.test(from))) {
    if (from.startsWith('-')) throw new CliError(`--from ${JSON.stringify(from)} is not a git URL.`)
    return { kind: 'git', url: from }
  }
  let url: URL
  try {
    url = new URL(from)
  } catch {
    throw new CliError(`--from must be the URL of a gzipped tarball or a git repository, such as https://example.com/app.tar.gz; got ${JSON.stringify(from)}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`--from must be an http or https URL of a gzipped tarball, or a git repository, not ${url.protocol.replace(/:$/, '')}.`)
  return { kind: 'tarball', url: url.toString() }
}
