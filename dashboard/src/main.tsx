import { render } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { api, onSessionExpired } from './api'
import { Activity } from './pages/activity'
import { Addons } from './pages/addons'
import { Apps } from './pages/apps'
import { Config } from './pages/config'
import { Domains } from './pages/domains'
import { Logs } from './pages/logs'
import { Pipeline } from './pages/pipeline'
import { Resources } from './pages/resources'
import { SignIn } from './pages/sign-in'

const TABS = [['activity', 'Activity'], ['resources', 'Resources'], ['config', 'Config vars'], ['addons', 'Add-ons'], ['domains', 'Domains'], ['logs', 'Logs']] as const
type Tab = (typeof TABS)[number][0]

function useHash(): string {
  const [hash, setHash] = useState(location.hash)
  useEffect(() => {
    const onChange = () => setHash(location.hash)
    addEventListener('hashchange', onChange)
    return () => removeEventListener('hashchange', onChange)
  }, [])
  return hash
}

function AppPage({ app, tab }: { app: string; tab: Tab }) {
  return (
    <section>
      <h1><a href="#/">Apps</a> / {app}</h1>
      <nav class="tabs" aria-label={`${app} sections`}>
        {TABS.map(([id, label]) => <a key={id} href={`#/apps/${app}/${id}`} aria-current={tab === id ? 'page' : undefined}>{label}</a>)}
      </nav>
      {tab === 'activity' && <Activity app={app} />}
      {tab === 'resources' && <Resources app={app} />}
      {tab === 'config' && <Config app={app} />}
      {tab === 'addons' && <Addons app={app} />}
      {tab === 'domains' && <Domains app={app} />}
      {tab === 'logs' && <Logs app={app} />}
    </section>
  )
}

function Dashboard() {
  const [email, setEmail] = useState<string | null | undefined>(undefined)
  const [notice, setNotice] = useState<string | null>(null)
  const hash = useHash()
  useEffect(() => {
    api<{ email: string }>('GET', '/account').then((a) => setEmail(a.email), () => setEmail(null))
    return onSessionExpired(() => {
      setNotice('Your session has expired. Sign in again.')
      setEmail(null)
    })
  }, [])
  if (email === undefined) return <p aria-busy="true">Loading…</p>
  if (email === null) return <SignIn notice={notice} onSignedIn={(e) => { setNotice(null); setEmail(e) }} />
  const match = /^#\/apps\/([a-z0-9-]+)(?:\/(\w+))?/.exec(hash)
  const pipeline = /^#\/pipelines\/([a-z0-9-]+)/.exec(hash)?.[1]
  const tab = (TABS.find(([id]) => id === match?.[2])?.[0] ?? 'activity') as Tab
  const signOut = async () => {
    await api('DELETE', '/dashboard/session').catch(() => {})
    setEmail(null)
  }
  return (
    <>
      <header class="top">
        <a class="brand" href="#/">Berth</a>
        <span class="muted">{email}</span>
        <button class="link" onClick={signOut}>Sign out</button>
      </header>
      <main>{match ? <AppPage key={match[1]} app={match[1]!} tab={tab} /> : pipeline ? <Pipeline key={pipeline} name={pipeline} /> : <Apps />}</main>
    </>
  )
}

render(<Dashboard />, document.getElementById('root')!)
