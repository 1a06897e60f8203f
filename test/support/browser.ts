import { spawnSync } from 'node:child_process'
import { chromium, type Browser } from 'playwright-core'

const ROOT = new URL('../../', import.meta.url).pathname
export const CHROMIUM = process.env.BERTH_TEST_CHROMIUM ?? '/usr/bin/chromium'

/** Builds the dashboard from source, so browser tests never run a stale bundle. */
export function buildDashboard(): void {
  const result = spawnSync(process.execPath, ['scripts/build-dashboard.mjs'], { cwd: ROOT, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`dashboard build failed:\n${result.stderr}`)
}

/** Debian's Chromium, headless, as the machine allows it (root: no sandbox); no network beyond 127.0.0.1 is used. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
