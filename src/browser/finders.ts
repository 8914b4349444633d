/**
 * Browser discovery, in priority order: --browser, PUPPETEER_EXECUTABLE_PATH,
 * CHROME_PATH, a browser installed with `npx @puppeteer/browsers install chrome`
 * (in the current folder or Puppeteer's cache), then the system's Chrome,
 * Chromium or Edge. bbl never downloads a browser: that fails offline and
 * behind proxies.
 *
 * A headless shell comes first wherever there is one (Puppeteer's
 * chrome-headless-shell, Debian's chromium-headless-shell): bbl only measures
 * and prints, and the shell starts faster, with no GPU process and no UI, and
 * lays out and prints the same pages (test/build/browsers.e2e.test.ts).
 */
import { access, constants, readdir, stat } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { BblError, ExitCode } from '../core/error.js'

export interface FinderInput {
  explicit?: string
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  platform?: NodeJS.Platform
}

export interface Found {
  path: string
  /** Where it came from, for --debug and error messages. */
  from: string
}

const executable = async (p: string): Promise<boolean> => {
  try {
    // A folder is "executable" (searchable) too: only a file can be a browser.
    await access(p, constants.X_OK)
    return (await stat(p)).isFile()
  } catch {
    return false
  }
}

function systemCandidates(platform: NodeJS.Platform, env: FinderInput['env']): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ]
  }
  if (platform === 'win32') {
    const roots = [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter(Boolean) as string[]
    return roots.flatMap((r) => [
      path.join(r, 'Google/Chrome/Application/chrome.exe'),
      path.join(r, 'Chromium/Application/chrome.exe'),
      path.join(r, 'Microsoft/Edge/Application/msedge.exe'),
    ])
  }
  const names = ['chromium-headless-shell', 'chrome-headless-shell', 'chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'chrome', 'microsoft-edge-stable', 'microsoft-edge']
  const dirs = (env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin').split(path.delimiter).concat(['/snap/bin', '/opt/google/chrome'])
  return names.flatMap((n) => dirs.map((d) => path.join(d, n)))
}

async function installedByPuppeteer(cwd: string, env: FinderInput['env']): Promise<Found | undefined> {
  const caches = [cwd, env['PUPPETEER_CACHE_DIR'] ?? path.join(os.homedir(), '.cache', 'puppeteer')]
  for (const cacheDir of caches) {
    try {
      // @puppeteer/browsers is loaded only where it has something to find.
      const names = await readdir(cacheDir)
      if (!names.some((n) => /^(chrome|chromium|chrome-headless-shell)$/.test(n))) continue
      const { Browser, getInstalledBrowsers } = await import('@puppeteer/browsers')
      const installed = await getInstalledBrowsers({ cacheDir })
      const pick =
        installed.find((b) => b.browser === Browser.CHROMEHEADLESSSHELL) ??
        installed.find((b) => b.browser === Browser.CHROME || b.browser === Browser.CHROMIUM)
      if (pick && (await executable(pick.executablePath))) return { path: pick.executablePath, from: `@puppeteer/browsers (${cacheDir})` }
    } catch {
      // Not a cache folder: nothing installed there.
    }
  }
  return undefined
}

export async function findBrowser(input: FinderInput): Promise<Found> {
  const { explicit, env, cwd } = input
  const named: Array<[string | undefined, string]> = [
    [explicit, '--browser'],
    [env['PUPPETEER_EXECUTABLE_PATH'], 'PUPPETEER_EXECUTABLE_PATH'],
    [env['CHROME_PATH'], 'CHROME_PATH'],
  ]
  for (const [p, from] of named) {
    if (!p) continue
    if (await executable(p)) return { path: p, from }
    throw new BblError(`${from} points at ${p}, which is not an executable browser; fix the path or unset it`, ExitCode.NO_BROWSER)
  }
  const cached = await installedByPuppeteer(cwd, env)
  if (cached) return cached
  for (const p of systemCandidates(input.platform ?? process.platform, env)) {
    if (await executable(p)) return { path: p, from: 'system' }
  }
  throw new BblError(
    'no Chrome, Chromium or Edge found; install one (Debian/Ubuntu: apt-get install chromium) or pass --browser PATH (or set CHROME_PATH)',
    ExitCode.NO_BROWSER,
  )
}
