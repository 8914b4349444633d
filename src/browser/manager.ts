/**
 * One headless browser for a whole run, launched on first use, shared by every
 * deck and PDF, and always closed (finally / Ctrl-C). All launch hardening
 * lives here.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, HTTPRequest, Page } from 'puppeteer-core'
import { isAlive, killUsing, stalePid, trackKill, trackPath } from '../core/cleanup.js'
import { BblError, ExitCode } from '../core/error.js'
import { withTimeout } from './clocks.js'
import type { Env } from '../core/options.js'
import { findBrowser, type Found } from './finders.js'

export interface BrowserOptions {
  find: () => Promise<Found>
  /** How long one page operation may take before bbl gives up on it. */
  timeoutMs: number
  debug?: (msg: string) => void
  /** How many pages may work at once, measuring slides, printing PDFs or making PowerPoint files (default: the cores, at most 4). */
  pages?: number
  /** Variables added to the browser's environment (e.g. FONTCONFIG_FILE, to show it other fonts). */
  env?: Env
}

/** The cores, at most 4: more pages than cores only take turns. */
export const defaultPages = (): number => Math.max(1, Math.min(4, os.availableParallelism()))

/** BBL_MEASURE_PAGES, if set: how many pages work at once (the page pool's size, src/browser/page-pool.ts). */
function pagesFrom(env: Env): number | undefined {
  const v = env['BBL_MEASURE_PAGES']
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > 16) throw new BblError(`BBL_MEASURE_PAGES takes a whole number from 1 to 16, not "${v}"`, ExitCode.USAGE)
  return n
}

const ARGS = [
  '--headless=new',
  '--disable-gpu',
  '--no-first-run',
  '--no-default-browser-check',
  // No traffic of its own: this machine (and many offices) have no way out.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-extensions',
  '--disable-dev-shm-usage',
  // Same glyph metrics on every machine: pagination depends on them.
  '--font-render-hinting=none',
  '--hide-scrollbars',
  '--mute-audio',
]

/** The browser a run uses: `--browser` (relative to `cwd`), then the environment, then what is installed. */
export function browserFor(o: { browser?: string; env: Env; cwd: string; timeoutMs: number }, debug?: (msg: string) => void): BrowserManager {
  return new BrowserManager({
    find: () => findBrowser({ explicit: o.browser && path.resolve(o.cwd, o.browser), env: o.env, cwd: o.cwd }),
    timeoutMs: o.timeoutMs,
    debug,
    pages: pagesFrom(o.env),
  })
}

/**
 * Puppeteer's clock for one protocol call, in --timeouts. bbl's own clocks (withTimeout,
 * withStallTimeout), which name the deck and the slide, must ring first: measuring sends
 * a batch of slides in one call (at most 32, each bounded by --timeout: src/slides/fit.ts
 * batchSize) and restarts its clock as they come out.
 */
const PROTOCOL_TIMEOUTS = 40

export class BrowserManager implements AsyncDisposable {
  private launching?: Promise<Browser>
  private finding?: Promise<Found>
  private profile?: string
  /** The tab Chromium opens at start, handed out first instead of opening another. */
  private spareTab = true
  private closing = false
  /** Closed for good: nothing may launch a browser any more (see close). */
  private final = false
  private forget: Array<() => void> = []
  private death = deathWatch()
  /** Said by launch() once the browser process is spawned (see warm); one promise per launch, for every caller. */
  private spawned?: () => void
  private spawning?: Promise<void>

  constructor(private readonly opts: BrowserOptions) {}

  /**
   * `work`, or exit 6 as soon as the browser dies under it (a crash, a kill):
   * without this, pending page calls would wait for --timeout.
   */
  watch<T>(work: Promise<T>): Promise<T> {
    return Promise.race([work, this.death.promise])
  }

  get timeoutMs(): number {
    return this.opts.timeoutMs
  }

  /** How many pages may work at once: the size of every page pool (src/browser/page-pool.ts). */
  get pages(): number {
    return this.opts.pages ?? defaultPages()
  }

  /**
   * Start the browser now, in the background, so it is ready when needed. Resolves
   * once its process is spawned (or could not be): work that keeps the main thread
   * busy afterwards (parsing the notes) then runs beside the browser's start
   * instead of holding back the steps before the spawn.
   */
  warm(): Promise<void> {
    if (!this.spawning) {
      const spawning = new Promise<void>((resolve) => {
        this.spawned = resolve
      })
      this.spawning = spawning
      this.get()
        .catch(() => undefined)
        .finally(() => this.spawned?.())
    }
    return this.spawning
  }

  get(): Promise<Browser> {
    // Work cut short by Ctrl-C may still ask for a page: it must not start a browser that nobody closes.
    if (this.final) return Promise.reject(new BblError('interrupted', ExitCode.INTERRUPTED))
    this.launching ??= this.launch()
    return this.launching
  }

  /** The browser that will be (or was) launched; finding it launches nothing. */
  found(): Promise<Found> {
    this.finding ??= this.opts.find()
    return this.finding
  }

  /** Whether a browser was launched (or is being launched). */
  get started(): boolean {
    return this.launching !== undefined
  }

  private async launch(): Promise<Browser> {
    const found = await this.found()
    this.opts.debug?.(`browser: ${found.path} (from ${found.from})`)
    void removeStaleProfiles()
    // The profile and Chromium's own temporary files (org.chromium.Chromium.*) both go
    // in one folder named with our process id, removed on close or by a later run.
    const dir = await mkdtemp(path.join(os.tmpdir(), `bbl-chrome-${process.pid}-`))
    this.profile = dir
    this.forget.push(trackPath(dir))
    const tmp = path.join(dir, 'tmp')
    await mkdir(tmp)
    const args = [...ARGS]
    // Chromium refuses to start its sandbox as root (CI, containers).
    if (process.getuid?.() === 0) args.push('--no-sandbox')
    // Spoken to over the pipe (below); the port is still opened, as before, and its DevToolsActivePort
    // file in the profile is how a watcher (the tests) knows the browser is up.
    args.push('--remote-debugging-pipe', '--remote-debugging-port=0')
    try {
      // Loaded here, not at startup: a build whose layouts are all cached never needs it.
      const { default: puppeteer } = await import('puppeteer-core')
      const launched = puppeteer.launch({
        executablePath: found.path,
        headless: true,
        args,
        userDataDir: path.join(dir, 'profile'),
        env: { ...process.env, ...this.opts.env, TMPDIR: tmp, TMP: tmp, TEMP: tmp },
        protocolTimeout: this.opts.timeoutMs * PROTOCOL_TIMEOUTS,
        // Puppeteer's launch clock would run while the notes are parsed (which holds the main
        // thread, so its timer fires before the browser's answer is read): page() bounds the
        // start instead, from the moment the browser is needed.
        timeout: 0,
        handleSIGINT: false,
        handleSIGTERM: false,
        handleSIGHUP: false,
        // Spoken to over a pipe, not a port: when bbl dies however it dies (kill -9, a closed
        // terminal), the pipe closes and the browser ends itself. (And no port is opened.)
        pipe: true,
      })
      // Given a profile folder, Puppeteer spawns the process before its first macrotask.
      setImmediate(() => this.spawned?.())
      const browser = await launched
      const proc = browser.process()
      if (proc) this.forget.push(trackKill(() => killGroup(proc)))
      // The pipe's ends report the browser's death as an error (ECONNRESET) Puppeteer does not listen
      // for; that death is told below ('disconnected', 'exit'), the stream's own error is nothing more.
      for (const s of proc?.stdio ?? []) (s as NodeJS.EventEmitter | null)?.on('error', () => undefined)
      // This browser's death, not that of one launched after it (bbl serve restarts it).
      const death = this.death
      const died = () => {
        if (!this.closing) death.reject(new BblError(`the browser (${found.path}) stopped unexpectedly: it crashed or was killed; run bbl again`, ExitCode.BROWSER))
      }
      browser.once('disconnected', died)
      // The process bbl started may be a wrapper: Debian's /usr/bin/chromium-headless-shell is a
      // shell script that runs the real browser as its child, without exec. When the wrapper dies
      // the browser lives on, connected, and no 'disconnected' comes; close() kills the group.
      proc?.once('exit', died)
      return browser
    } catch (e) {
      throw new BblError(`the browser at ${found.path} did not start: ${(e as Error).message.split('\n')[0]}`, ExitCode.BROWSER)
    }
  }

  /**
   * A page that may load only files under `root`: every other request is
   * blocked and reported through `onBlocked`. Page errors go to `onError`.
   */
  async page(root: string | (() => string), hooks: { onBlocked?: (url: string) => void; onError?: (msg: string) => void; background?: boolean } = {}): Promise<Page> {
    const browser = await withTimeout(this.get(), this.opts.timeoutMs, 'starting the browser')
    let page: Page | undefined
    if (this.spareTab) {
      this.spareTab = false
      page = (await browser.pages())[0]
    }
    // A tab opened in front would hide the one laying out a deck (inFront, src/pdf/slides.ts).
    page ??= await browser.newPage(hooks.background ? { background: true } : undefined)
    page.setDefaultTimeout(this.opts.timeoutMs)
    // A notes passthrough calling alert() would stop the page until --timeout.
    page.on('dialog', (d) => void d.dismiss().catch(() => undefined))
    // And before any script of the page runs, so no dialog opens at all.
    await page.evaluateOnNewDocument(() => {
      const w = window as unknown as Record<string, unknown>
      for (const [k, v] of [['alert', undefined], ['confirm', false], ['prompt', null], ['print', undefined]] as const) w[k] = () => v
    })
    // Decks carry a Content-Security-Policy that forbids inline scripts; bbl's own
    // (the paginator, the PDF page script) are inline. Requests stay jailed below.
    await page.setBypassCSP(true)
    await page.setRequestInterception(true)
    // A kept page (bbl serve's measuring page) moves from build folder to build folder.
    const allowed = () => `${pathToFileURL(path.resolve(typeof root === 'string' ? root : root())).href}/`
    page.on('request', (req: HTTPRequest) => {
      const url = req.url()
      if (url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank' || url.startsWith(allowed())) {
        void req.continue()
      } else {
        hooks.onBlocked?.(url)
        void req.abort('blockedbyclient')
      }
    })
    page.on('pageerror', (err) => hooks.onError?.(`page error: ${(err as Error).message ?? String(err)}`))
    page.on('console', (m) => {
      if (m.type() === 'error') hooks.onError?.(`console: ${m.text()}`)
    })
    return page
  }

  /**
   * Close the browser. `fast` kills it instead of asking it to shut down: a
   * one-shot build has nothing to save in its temporary profile. `final`: the run
   * is over (bbl serve stopping, a command ending or interrupted); a page asked for
   * afterwards, by work that was cut short and still runs, is refused instead of
   * launching a second browser (Ctrl-C in bbl serve's first second started two).
   */
  async close(o: { fast?: boolean; final?: boolean } = {}): Promise<void> {
    if (o.final) this.final = true
    const launching = this.launching
    this.launching = undefined
    this.closing = true
    if (launching) {
      // A launch that never answers (its own clock is off, see launch) must not hold the close.
      const browser = await withTimeout(launching, this.opts.timeoutMs, 'starting the browser').catch(() => undefined)
      const proc = browser?.process()
      // A process killed by a signal has exitCode null but a signalCode: its exit event already fired.
      const running = proc && proc.exitCode === null && proc.signalCode === null
      if (proc && (o.fast || !running)) {
        const exited = running ? new Promise((resolve) => proc.once('exit', resolve)) : undefined
        // Puppeteer starts Chromium as a process group leader: kill the whole group, so no
        // renderer or utility process outlives it (or its leader) and writes into the profile being removed.
        killGroup(proc)
        await exited
        browser?.disconnect().catch(() => undefined)
      } else {
        await browser?.close().catch(() => proc?.kill('SIGKILL'))
      }
    }
    if (this.profile) await rm(this.profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 }).catch(() => undefined)
    this.profile = undefined
    for (const f of this.forget.splice(0)) f()
    // Ready for another launch (bbl serve restarts a browser that died).
    this.closing = false
    this.death = deathWatch()
    this.spawning = undefined
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close()
  }
}

function killGroup(proc: NonNullable<ReturnType<Browser['process']>>): void {
  try {
    if (process.platform !== 'win32' && proc.pid) process.kill(-proc.pid, 'SIGKILL')
    else proc.kill('SIGKILL')
  } catch {
    proc.kill('SIGKILL')
  }
}

function deathWatch(): { promise: Promise<never>; reject: (e: Error) => void } {
  let reject: (e: Error) => void = () => undefined
  const promise = new Promise<never>((_, r) => (reject = r))
  promise.catch(() => undefined)
  return { promise, reject }
}

/** Browser profiles (and bbl serve folders) of bbl processes that no longer run, and the browsers still using them. */
async function removeStaleProfiles(): Promise<void> {
  const tmp = os.tmpdir()
  const names = await readdir(tmp).catch(() => [] as string[])
  for (const n of names) {
    const pid = n.startsWith('bbl-') ? stalePid(n) : undefined
    if (pid === undefined || isAlive(pid)) continue
    // A browser left by a bbl that was killed (started by an older bbl, without its pipe).
    if (n.startsWith('bbl-chrome-')) killUsing(path.join(tmp, n))
    await rm(path.join(tmp, n), { recursive: true, force: true }).catch(() => undefined)
  }
}
