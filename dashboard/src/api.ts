// The public Platform API, as the CLIs use it, authenticated by the session cookie.

export class ApiError extends Error {
  constructor(readonly status: number, readonly id: string, message: string) {
    super(message)
  }
}

type Listener = () => void
const expiredListeners = new Set<Listener>()

/** Called when the API answers 401: the session ended (expired or revoked). */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener)
  return () => expiredListeners.delete(listener)
}

function csrfToken(): string {
  return document.cookie.split('; ').find((c) => c.startsWith('berth_csrf='))?.slice('berth_csrf='.length) ?? ''
}

export async function api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      Accept: 'application/vnd.heroku+json; version=3',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...(method === 'GET' ? {} : { 'X-CSRF-Token': decodeURIComponent(csrfToken()) }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : undefined
  if (!response.ok) {
    if (response.status === 401 && !path.startsWith('/dashboard/session')) for (const listener of expiredListeners) listener()
    throw new ApiError(response.status, data?.id ?? 'error', data?.message ?? `The API answered ${response.status}.`)
  }
  return data as T
}

export const appPath = (app: string, rest = '') => `/apps/${encodeURIComponent(app)}${rest}`

/** Opens a log session and follows it over Server-Sent Events; returns the closer. */
export async function followLogs(app: string, options: { lines?: number; dyno?: string; release?: string; source?: string }, onLine: (line: string) => void): Promise<() => void> {
  const session = await api<{ logplex_url: string }>('POST', appPath(app, '/log-sessions'), { tail: true, lines: options.lines ?? 100, ...options })
  const events = new EventSource(session.logplex_url)
  events.onmessage = (event) => onLine(event.data)
  return () => events.close()
}
