import { useState } from 'preact/hooks'
import { api, ApiError } from '../api'

export function SignIn(props: { notice: string | null; onSignedIn(email: string): void }) {
  const [mode, setMode] = useState<'password' | 'key'>('password')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    setBusy(true)
    setError(null)
    try {
      const body = mode === 'key' ? { api_key: form.get('api_key') } : { email: form.get('email'), password: form.get('password') }
      props.onSignedIn((await api<{ email: string }>('POST', '/dashboard/session', body)).email)
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not reach Berth.')
    } finally {
      setBusy(false)
    }
  }
  return (
    <main class="narrow">
      <h1>Sign in to Berth</h1>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <form onSubmit={submit} aria-label="Sign in">
        {mode === 'password' ? (
          <>
            <label>Email <input name="email" type="email" autocomplete="username" required /></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
          </>
        ) : (
          <label>API key <input name="api_key" type="password" autocomplete="off" required /></label>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
      <button class="link" type="button" onClick={() => setMode(mode === 'password' ? 'key' : 'password')}>
        {mode === 'password' ? 'Use an API key instead' : 'Use email and password instead'}
      </button>
    </main>
  )
}
