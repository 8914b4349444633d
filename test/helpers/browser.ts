/**
 * The browser a test file uses, started and stopped by bbl's own manager
 * (src/browser/manager.ts), as bbl's commands do: found the same way
 * (CHROME_PATH, PUPPETEER_EXECUTABLE_PATH, then the system's), in a profile of
 * its own, and closed by ending its whole process group. Puppeteer's
 * browser.close() waits for the process it spawned to exit; Debian's
 * chromium-headless-shell is a script whose child is the real browser, and
 * that wait could last forever (a test file hung in its after() hook).
 */
import type { Browser } from 'puppeteer-core'
import { BrowserManager } from '../../src/browser/manager.js'
import { findBrowser } from '../../src/browser/finders.js'
import type { Env } from '../../src/core/options.js'

const managers = new WeakMap<Browser, BrowserManager>()

/** One headless browser for a test file; `env` is added to its environment. Close it with closeBrowser(). */
export async function launchBrowser(o: { env?: Env } = {}): Promise<Browser> {
  const manager = new BrowserManager({
    find: () => findBrowser({ env: process.env, cwd: process.cwd() }),
    // A protocol call may take up to ten of these (see the manager); tests inspect long decks.
    timeoutMs: 12_000,
    env: o.env,
  })
  const browser = await manager.get()
  managers.set(browser, manager)
  return browser
}

/** End a browser from launchBrowser(), its process group included; bounded, never hangs. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (browser) await managers.get(browser)?.close({ fast: true, final: true })
}
