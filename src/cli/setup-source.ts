import { CliError } from './cli-error.js'

const GITHUB_REPO = /^https:\/\/github\.com\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/

/**
 * What `apps:create --from` may take: an http(s) URL of a gzipped tarball, which the server fetches
 * (under its outbound rule). A git URL would need the server to clone an arbitrary repository, which
 * Berth does not do; the error says which tarball URL to use instead (GitHub's archive, when it is one).
 */
export function checkSetupSource(from: string): string {
  const github = GITHUB_REPO.exec(from)
  if (github) {
    throw new CliError(`--from takes a tarball URL, not a git repository; for GitHub use https://github.com/${github[1]}/${github[2]}/archive/HEAD.tar.gz`)
  }
  if (/^(git|ssh|git\+ssh):\/\//.test(from) || /^[\w.-]+@[\w.-]+:/.test(from) || /\.git\/?$/.test(from)) {
    throw new CliError('--from takes an http(s) URL of a gzipped tarball with an app.json; git URLs are not supported (Berth does not clone repositories for you).')
  }
  let url: URL
  try {
    url = new URL(from)
  } catch {
    throw new CliError(`--from must be the URL of a gzipped tarball, such as https://example.com/app.tar.gz; got ${JSON.stringify(from)}.`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CliError(`--from must be an http or https URL of a gzipped tarball, not ${url.protocol.replace(/:$/, '')}.`)
  return url.toString()
}
