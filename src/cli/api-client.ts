import { CliError } from './cli-error.js'

export interface ApiResponse<T> {
  status: number
  headers: Headers
  body: T
}

export interface RequestOptions {
  body?: unknown
  headers?: Record<string, string>
  /** Ask for nothing but a status: no JSON parsing. */
  raw?: boolean
}

const ACCEPT = 'application/vnd.heroku+json; version=3'

/** The Platform API over fetch: one attempt per call, API errors passed through with their id. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: () => string,
    private readonly timeoutMs = 60_000,
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    // A caller-supplied Authorization (login's Basic) is used as is; otherwise the stored token.
    const authorization = options.headers?.Authorization ?? `Bearer ${this.token()}`
    const headers: Record<string, string> = { Accept: ACCEPT, 'User-Agent': 'berth-cli', ...options.headers, Authorization: authorization }
    if (options.body !== undefined) headers['Content-Type'] = 'application/json'
    let response: Response
    try {
      response = await fetch(this.baseUrl + path, {
        method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body), signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      throw unreachable(this.baseUrl, error)
    }
    const text = await response.text()
    let body: unknown = text
    if (text !== '' && (response.headers.get('content-type') ?? '').includes('json')) body = JSON.parse(text)
    if (response.status >= 400) throw apiError(response.status, body)
    return { status: response.status, headers: response.headers, body: body as T }
  }

  async get<T>(path: string, headers?: Record<string, string>): Promise<T> {
    return (await this.request<T>('GET', path, { headers })).body
  }
  async post<T>(path: string, body: unknown = {}, headers?: Record<string, string>): Promise<T> {
    return (await this.request<T>('POST', path, { body, headers })).body
  }
  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>('PATCH', path, { body })).body
  }
  async put<T>(path: string, body: unknown): Promise<T> {
    return (await this.request<T>('PUT', path, { body })).body
  }
  async delete<T>(path: string, body?: unknown): Promise<T> {
    return (await this.request<T>('DELETE', path, { body })).body
  }

  /**
   * A streaming GET with no timeout. Capability URLs (log sessions, release
   * output) carry their own token; `authenticated` adds ours (build output).
   */
  async stream(url: string, options: { headers?: Record<string, string>; signal?: AbortSignal; authenticated?: boolean } = {}): Promise<Response> {
    const headers = { ...options.headers, ...(options.authenticated ? { Authorization: `Bearer ${this.token()}` } : {}) }
    try {
      const response = await fetch(url, { headers, signal: options.signal })
      if (response.status >= 400) throw apiError(response.status, await response.json().catch(() => ({})))
      return response
    } catch (error) {
      throw error instanceof CliError ? error : unreachable(url, error)
    }
  }
}

function apiError(status: number, body: unknown): CliError {
  const { id, message } = (typeof body === 'object' && body !== null ? body : {}) as { id?: string; message?: string }
  const hint = status === 401 ? ' Run `berth login`, or set BERTH_API_KEY.' : ''
  return new CliError(`${message ?? `The API answered ${status}.`}${hint}`, { id })
}

function unreachable(url: string, error: unknown): CliError {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause
  const reason = (error as Error).name === 'TimeoutError' ? 'timed out' : cause?.code ?? cause?.message ?? (error as Error).message
  return new CliError(`Could not reach Berth at ${new URL(url).origin} (${reason}). Is \`berth server\` running there? BERTH_API_URL chooses the server.`)
}

export function encode(segment: string): string {
  return encodeURIComponent(segment)
}
