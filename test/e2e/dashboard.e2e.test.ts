import assert from 'node:assert/strict'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser, Page } from 'playwright-core'
import { startBerthProcess, type BerthProcess } from '../support/berth-process.js'
import { buildDashboard, launchChromium } from '../support/browser.js'
import { fixtureRepo, git, remoteUrl } from '../support/git.js'
import { routerGet } from '../support/router-client.js'
import { testCa } from '../support/test-pki.js'

const KEY = 'berth_e2e_dashboard_key_0123456789'
const PASSWORD = 'dashboard password 42'
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url).pathname

/** The dashboard in headless Chromium against a real server and a git-deployed app. */
describe('dashboard in a real browser', () => {
  let berth: BerthProcess
  let browser: Browser
  let page: Page
  const greeting = async () => JSON.parse((await routerGet(berth.routerUrl, 'web.localhost')).body).greeting as string
  // Screenshots for the README, rewritten only on request so test runs leave the tree clean.
  const shoot = async (name: string) => {
    if (process.env.BERTH_UPDATE_SCREENSHOTS !== '1') return
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
  }

  before(async () => {
    buildDashboard()
    berth = await startBerthProcess({ BERTH_ADMIN_API_KEY: KEY, BERTH_ADMIN_PASSWORD: PASSWORD, BERTH_STOP_TIMEOUT: '3' })
    const created = await fetch(`${berth.apiUrl}/apps`, { method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: '{"name":"web"}' })
    assert.equal(created.status, 201)
    const repo = await fixtureRepo('inspector')
    assert.equal((await git(['push', remoteUrl(berth.apiUrl, 'web', KEY), 'main'], repo)).code, 0)
    const server = join(repo, 'server.js')
    writeFileSync(server, readFileSync(server, 'utf8').replace("GREETING || 'hello'", "GREETING || 'hello from v4'"))
    await git(['commit', '-qam', 'A new greeting'], repo)
    assert.equal((await git(['push', remoteUrl(berth.apiUrl, 'web', KEY), 'main'], repo)).code, 0)
    assert.equal(await greeting(), 'hello from v4')
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1100, height: 800 } })
  })
  after(async () => {
    await browser?.close()
    await berth?.stop()
  })

  it('refuses a wrong password, then signs in and lists the apps', async () => {
    await page.goto(berth.apiUrl)
    await page.getByLabel('Email').fill('admin@berth.local')
    await page.getByLabel('Password').fill('not the password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').filter({ hasText: 'Invalid email or password.' }).waitFor()
    await page.getByLabel('Password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Sign in' }).click()
    const card = page.locator('.card', { hasText: 'web' })
    await card.waitFor()
    assert.match(await card.innerText(), /web\s+up\s+v4\s+http:\/\/web\.localhost:\d+\//)
    await shoot('apps')
  })

  it('rolls back with the button: the dialog shows the diff and warnings, the page follows the rollout, the old code serves', async () => {
    await page.getByRole('link', { name: 'web', exact: true }).click()
    const current = page.locator('.release.current')
    assert.match(await current.innerText(), /v4[\s\S]*Deploy [0-9a-f]{8}[\s\S]*current/)
    await shoot('activity')
    await page.locator('.release[data-version="3"]').getByRole('button', { name: 'Roll back to here' }).click()
    const dialog = page.getByRole('dialog', { name: 'Roll back web to v3?' })
    await dialog.getByText('A new greeting').waitFor()
    assert.match(await dialog.innerText(), /takes away 1 commit[\s\S]*Release phases ran since v3 \(v4\)[\s\S]*To undo, roll back to v4\./)
    await shoot('rollback-dialog')
    await dialog.getByRole('button', { name: 'Roll back to v3' }).click()
    await dialog.getByText('v5 is live.').waitFor({ timeout: 30_000 })
    assert.equal(await greeting(), 'hello')
    await dialog.getByRole('button', { name: 'Close' }).click()
    assert.match(await page.locator('.release.current').innerText(), /v5[\s\S]*Rollback to v3/)
    assert.equal(await page.locator('.release[data-version="2"]').getByRole('button', { name: 'Roll back to here' }).count(), 0)
    assert.match(await page.locator('.release[data-version="2"] span[aria-label^="Cannot roll back"]').getAttribute('title') ?? '', /setup/)
  })

  it("shows a release's health beside the one before it: counts and a chart around the cutover", async () => {
    await page.locator('.release[data-version="4"]').getByRole('button', { name: 'Health' }).click()
    const table = page.getByRole('table', { name: 'Health of v4' })
    await table.waitFor()
    // v4 answered the greeting checks through the router; v3 before it, none.
    assert.match(await table.innerText(), /v4\s+v3[\s\S]*Requests\s+[1-9]\d*\s+0[\s\S]*5xx\s+0 \(0\.0%\)/)
    await page.getByRole('img', { name: /^Requests, 5xx and p95 per minute: 0 minute\(s\) of v3, then 1 of v4$/ }).waitFor()
    await page.locator('.release[data-version="4"]').getByRole('button', { name: 'Hide health' }).click()
  })

  it('sets a config var, which makes a new release', async () => {
    await page.getByRole('link', { name: 'Config vars' }).click()
    await page.getByLabel('Key').fill('GREETING')
    await page.getByLabel('Value').fill('hi from the dashboard')
    await page.getByRole('button', { name: 'Add' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved as v6: Set GREETING config vars' }).waitFor({ timeout: 30_000 })
    assert.equal(await page.getByText('••••••••').count(), 1, 'values are hidden until revealed')
    await page.getByRole('button', { name: 'Reveal GREETING' }).click()
    await page.getByText('hi from the dashboard').waitFor()
    assert.equal(await greeting(), 'hi from the dashboard')
    await page.getByRole('link', { name: 'Activity' }).click()
    assert.match(await page.locator('.release.current').innerText(), /v6[\s\S]*Set GREETING config vars/)
  })

  it('edits and removes a config var, one release each', async () => {
    await page.getByRole('link', { name: 'Config vars' }).click()
    await page.getByRole('button', { name: 'Edit GREETING' }).click()
    await page.getByLabel('New value of GREETING').fill('edited')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved as v7: Set GREETING config vars' }).waitFor({ timeout: 30_000 })
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Remove GREETING' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved as v8: Remove GREETING config vars' }).waitFor({ timeout: 30_000 })
    await page.getByText('No config vars yet.').waitFor()
  })

  it('creates an add-on from the catalog and destroys it after the app name is typed', async () => {
    await page.getByRole('link', { name: 'Add-ons' }).click()
    await page.getByText('No add-ons yet.').waitFor()
    await page.getByLabel('Service and plan').selectOption('berth-redis:dev')
    await page.getByRole('button', { name: 'Create' }).click()
    const card = page.locator('.card', { hasText: 'berth-redis:dev' })
    await card.waitFor({ timeout: 30_000 })
    assert.match(await card.innerText(), /created[\s\S]*REDIS_URL, REDIS_KEY_PREFIX/)
    await card.getByRole('button', { name: 'Destroy…' }).click()
    const dialog = page.getByRole('dialog')
    const destroy = dialog.getByRole('button', { name: 'Destroy' })
    assert.equal(await destroy.isDisabled(), true)
    await dialog.getByLabel('Type web to confirm').fill('web')
    await destroy.click()
    await page.getByText('No add-ons yet.').waitFor({ timeout: 30_000 })
  })

  it("shows each custom domain's certificate, its status and when it expires", async () => {
    const call = (method: string, path: string, body: unknown) =>
      fetch(`${berth.apiUrl}${path}`, { method, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>)
    const issued = await (await testCa()).issue(['www.web.example'])
    const endpoint = await call('POST', '/apps/web/sni-endpoints', { certificate_chain: issued.cert, private_key: issued.key })
    await call('POST', '/apps/web/domains', { hostname: 'www.web.example', sni_endpoint: endpoint.name })
    await call('POST', '/apps/web/domains', { hostname: 'bare.web.example', sni_endpoint: null })
    await page.getByRole('link', { name: 'Domains' }).click()
    const row = page.locator('tr[data-domain="www.web.example"]')
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, new RegExp(`www\\.web\\.example\\s+web\\.localhost\\s+${endpoint.name}\\s+Certificate added`))
    assert.ok(text.includes(new Date(endpoint.ssl_cert.expires_at).getFullYear().toString()), text)
    assert.match(await page.locator('tr[data-domain="bare.web.example"]').innerText(), /No certificate/)
    assert.match(await page.getByLabel('Domains').innerText(), /Automated Certificate Management is off/)
  })

  it('scales web to 2 and shows two dynos', async () => {
    await page.getByRole('link', { name: 'Resources' }).click()
    await page.getByLabel('web dynos').fill('2')
    await page.getByRole('button', { name: 'Scale' }).first().click()
    await page.locator('tr[data-dyno="web.2"]', { hasText: 'up' }).waitFor({ timeout: 30_000 })
    assert.equal(await page.locator('tr[data-dyno^="web."]').count(), 2)
  })

  it("shows a new request's router line live in the logs", async () => {
    await page.getByRole('link', { name: 'Logs' }).click()
    await page.getByText('following…').waitFor()
    await routerGet(berth.routerUrl, 'web.localhost', '/dashboard-probe')
    await page.locator('.log li', { hasText: 'path="/dashboard-probe"' }).waitFor({ timeout: 15_000 })
    await shoot('logs')
    await page.getByLabel('Process type').selectOption('web')
    await routerGet(berth.routerUrl, 'web.localhost', '/filtered-probe')
    await page.locator('.log li', { hasText: 'GET /filtered-probe' }).waitFor({ timeout: 15_000 })
    const shown = await page.locator('.log li').allInnerTexts()
    assert.ok(shown.slice(0, -1).every((line) => /\[web\.\d\]/.test(line)), shown.join('\n'))
  })

  it('fits a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 800 })
    await page.getByRole('link', { name: 'Activity' }).click()
    await page.locator('.release.current').waitFor()
    assert.ok(await page.evaluate('document.documentElement.scrollWidth <= 375'), 'no horizontal scrolling')
    await page.setViewportSize({ width: 1100, height: 800 })
  })

  it('shows a pipeline by stage, and promotes staging to production after showing the diff', async () => {
    const api = (method: string, path: string, body?: unknown) => fetch(`${berth.apiUrl}${path}`, {
      method, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (r) => ({ status: r.status, body: await r.json() }))
    assert.equal((await api('POST', '/apps', { name: 'web-prod' })).status, 201)
    await api('PATCH', '/apps/web-prod/config-vars', { GREETING: 'hi from production' })
    const pipeline = (await api('POST', '/pipelines', { name: 'site' })).body as { id: string }
    await api('POST', '/pipeline-couplings', { app: 'web', pipeline: pipeline.id, stage: 'staging' })
    await api('POST', '/pipeline-couplings', { app: 'web-prod', pipeline: pipeline.id, stage: 'production' })
    const staged = ((await api('GET', '/apps/web/releases')).body as { current: boolean; version: number; slug: { id: string } }[]).find((r) => r.current)!

    await page.goto(`${berth.apiUrl}/#/`)
    await page.getByRole('link', { name: 'site' }).click()
    const staging = page.getByRole('region', { name: 'Staging' })
    const production = page.getByRole('region', { name: 'Production' })
    assert.match(await staging.locator('.card').innerText(), new RegExp(`web\\s+v${staged.version}\\s+[0-9a-f]{8}`))
    assert.match(await production.locator('.card').innerText(), /web-prod\s+v3\s+no commit/)
    await shoot('pipeline')
    await staging.getByRole('button', { name: 'Promote to production' }).click()
    const dialog = page.getByRole('dialog', { name: `Promote web v${staged.version} to production?` })
    await dialog.getByText('− GREETING').waitFor()
    assert.match(await dialog.innerText(), /web-prod \(now v3\)[\s\S]*Process types[\s\S]*\+ web/)
    await dialog.getByRole('button', { name: 'Promote to production' }).click()
    await dialog.getByText('web-prod: succeeded').waitFor({ timeout: 30_000 })
    await dialog.getByRole('button', { name: 'Close' }).click()
    await production.locator('.card', { hasText: `Promote web v${staged.version}` }).waitFor()
    const served = JSON.parse((await routerGet(berth.routerUrl, 'web-prod.localhost')).body) as { greeting: string }
    assert.equal(served.greeting, 'hi from production')
    const promoted = ((await api('GET', '/apps/web-prod/releases')).body as { current: boolean; slug: { id: string } }[]).find((r) => r.current)!
    assert.equal(promoted.slug.id, staged.slug.id)
  })

  it('asks to sign in again when the session expires; signing out revokes it; an API key signs in too', async () => {
    const context = await browser.newContext()
    const fresh = await context.newPage()
    const started = await fresh.request.post(`${berth.apiUrl}/dashboard/session`, { data: { api_key: KEY, expires_in: 2 } })
    assert.equal(started.status(), 201)
    await fresh.goto(`${berth.apiUrl}/#/apps/web`)
    await fresh.locator('.release.current').waitFor()
    await new Promise((resolve) => setTimeout(resolve, 2500))
    await fresh.getByRole('link', { name: 'Config vars' }).click()
    await fresh.getByRole('status').filter({ hasText: 'Your session has expired. Sign in again.' }).waitFor()
    await context.close()

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Sign in to Berth' }).waitFor()
    await page.reload()
    await page.getByRole('heading', { name: 'Sign in to Berth' }).waitFor()
    await page.getByRole('button', { name: 'Use an API key instead' }).click()
    await page.getByLabel('API key').fill(KEY)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Sign out' }).waitFor()
    assert.equal(await page.locator('header.top').getByText('admin@berth.local').count(), 1)
  })

  it('refuses a state-changing call that carries the cookie but not the CSRF token', async () => {
    const context = await browser.newContext()
    const other = await context.newPage()
    await other.request.post(`${berth.apiUrl}/dashboard/session`, { data: { api_key: KEY } })
    const forged = await other.request.patch(`${berth.apiUrl}/apps/web/config-vars`, { data: { EVIL: '1' } })
    assert.equal(forged.status(), 403)
    assert.match((await forged.json()).message, /CSRF/)
    assert.equal((await other.request.get(`${berth.apiUrl}/apps/web/config-vars`)).status(), 200)
    await context.close()
  })
})
