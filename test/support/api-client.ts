/** A JSON client for a running Berth API, as an e2e test's admin. */
export function apiClient(apiUrl: () => string, token: string) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> => {
    const response = await fetch(apiUrl() + path, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    })
    const text = await response.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : undefined
    } catch {
      // Plain text (build output): keep it as is.
    }
    return { status: response.status, body: parsed }
  }
}
