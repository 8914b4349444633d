/**
 * A deck inspector for the tests: opens a built deck in headless Chromium the
 * way a reader would (file://, 1280×720 window, reveal.js scaling the slides)
 * and reports, slide by slide, what the acceptance of issue 2 forbids:
 * content leaving the slide box, text below the readable size (an 18 px line
 * box on the 720 px slide), broken images, and two more ways text becomes
 * unreadable: drawn over other text, or too faint against what is behind it
 * (contrast under 3:1); and, for the whole page, requests
 * outside the deck's folder, failed requests and page errors. It also opens
 * the speaker view. Small exported functions, so that other tests (serve, pdf)
 * can reuse what they need.
 *
 * Requests are watched per page with puppeteer's request events (they see
 * file:// URLs, frames and the speaker view's popup once it opens), and the
 * popup's frames are also asked for their own resource records, in case
 * something was fetched before we started listening.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Frame, Page } from 'puppeteer-core'
import { withTimeout } from '../../src/browser/clocks.js'

/** The readable size: a line box of at least this many px on the 1280×720 slide. */
export const MIN_LINE_BOX = 18
/** The least contrast between text and what is behind it (WCAG's minimum for large text). */
export const MIN_CONTRAST = 3
/** Rounding slack when comparing boxes, in slide px. */
export const TOLERANCE = 1

// ---------------------------------------------------------------- browser

export { closeBrowser, launchBrowser } from './browser.js'

// ---------------------------------------------------------------- one page

/** What a page did besides showing slides. */
export interface PageLog {
  /** Requests for anything not under the deck's folder (file:// elsewhere, http, ...). */
  outside: string[]
  /** Requests that failed (a missing asset inside the folder, a blocked one...). */
  failed: string[]
  /** Uncaught exceptions and console errors. */
  errors: string[]
}

const isInline = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || url === 'about:blank' || url === 'about:srcdoc'

/** file:// prefix of the folder holding `file` (with a trailing slash). */
export const folderUrl = (file: string) => pathToFileURL(path.dirname(path.resolve(file))).href.replace(/\/?$/, '/')

/** Watch a page's requests and errors; everything not under `folder` is `outside`. */
export function watchPage(page: Page, folder: string, log: PageLog = { outside: [], failed: [], errors: [] }): PageLog {
  page.on('request', (req) => {
    const url = req.url()
    if (!isInline(url) && !url.startsWith(folder)) log.outside.push(url)
  })
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed'
    // Cancelled by the page, not broken: an <object>'s SVG still loading when the slide holding it is hidden
    // (reveal.js moved on) is aborted; a missing file is net::ERR_FILE_NOT_FOUND, and pictures are checked drawn.
    if (why !== 'net::ERR_ABORTED') log.failed.push(`${req.url()} (${why})`)
  })
  page.on('pageerror', (err) => log.errors.push(`page error: ${(err as Error).message ?? String(err)}`))
  page.on('console', (m) => {
    if (m.type() === 'error') log.errors.push(`console error: ${m.text()}`)
  })
  return log
}

export interface OpenDeck {
  page: Page
  log: PageLog
  folder: string
}

/** Open a deck at 1280×720 and wait until reveal.js is ready, its fonts and images loaded. */
export async function openDeck(browser: Browser, file: string, hash = ''): Promise<OpenDeck> {
  const page = await browser.newPage()
  await page.setViewport({ width: 1280, height: 720 })
  const folder = folderUrl(file)
  const log = watchPage(page, folder)
  await page.goto(pathToFileURL(path.resolve(file)).href + hash, { waitUntil: 'load' })
  await page.waitForFunction('window.Reveal && Reveal.isReady()', { timeout: 30_000 })
  await injectPageScript(page)
  await page.evaluate('window.bblTest.loaded()')
  return { page, log, folder }
}

// ---------------------------------------------------------------- slides

export interface SlideReport {
  h: number
  v: number
  /** The slide's title (or cover title), for messages. */
  title: string
  /** Content whose visible box leaves the slide box, with by how much (slide px). */
  overflow: string[]
  /** Text whose line box is below MIN_LINE_BOX slide px. */
  small: string[]
  /** Images that failed to load. */
  broken: string[]
  /** Text drawn over other text or over a picture. */
  overlap: string[]
  /** Text too faint to read against what is behind it (contrast under MIN_CONTRAST). */
  faint: string[]
  /** Text (outside code) with TeX's math delimiters `\(`, `\[` or `\$`: math that was not typeset. */
  tex: string[]
  /** A paragraph's part carried over from the slide before with fewer than three lines (a widow). */
  short: string[]
  /** innerText of the slide (speaker notes excluded). */
  text: string
}

/**
 * Measure every slide of the open deck. Each slide is shown in turn
 * (transition off), measured in the page's coordinates, and the results are
 * divided by reveal.js's scale so that they are in slide px.
 */
export async function measureSlides(page: Page): Promise<SlideReport[]> {
  return (await page.evaluate(`window.bblTest.measureAll(${MIN_LINE_BOX}, ${TOLERANCE}, ${MIN_CONTRAST})`)) as SlideReport[]
}

let pageScript: Promise<string> | undefined
/** test/helpers/deck-page.js, the in-page half (plain JS: a transpiler's helpers would not exist there). */
async function injectPageScript(target: Page | Frame): Promise<void> {
  pageScript ??= readFile(new URL('./deck-page.js', import.meta.url), 'utf8')
  const script = await pageScript
  await target.evaluate(`window.bblTest || (0, eval)(${JSON.stringify(script)})`)
}

export interface DeckReport extends PageLog {
  file: string
  slides: SlideReport[]
}

/**
 * Every fragment shown, as the PDF prints them: what a slide shows at its last step
 * must fit and be readable too. No transition either (a slide's own data-transition
 * would still be running, its text not yet visible, when it is measured). The steps of a highlighted listing are copies of it
 * laid over it one at a time, so they stay as reveal.js shows them.
 */
const SHOW_FRAGMENTS = `.reveal .slides .fragment:not(code) { opacity: 1 !important; visibility: inherit !important; transform: none !important; transition: none !important; }
.reveal .slides section { transition: none !important; }`

/** Open a deck, measure every slide (with every fragment shown when `fragments` is 'shown'), close it. */
export async function inspectDeck(browser: Browser, file: string, fragments: 'hidden' | 'shown' = 'hidden'): Promise<DeckReport> {
  const open = await openDeck(browser, file)
  try {
    return await inspectOpenDeck(open, file, fragments)
  } finally {
    await open.page.close()
  }
}

/** Measure every slide of a deck opened with openDeck (which stays open: other checks may follow in the same page). */
export async function inspectOpenDeck({ page, log }: OpenDeck, file: string, fragments: 'hidden' | 'shown' = 'hidden'): Promise<DeckReport> {
  if (fragments === 'shown') {
    await page.addStyleTag({ content: SHOW_FRAGMENTS })
    // Auto-animated slides are measured as they end, not while their elements move.
    await page.evaluate('Reveal.configure({ autoAnimate: false })')
  }
  const slides = await measureSlides(page)
  // As the deck stood once measured: what runs in the page afterwards (axe-core reads the style sheets again) is not the deck's.
  return { file, slides, outside: [...log.outside], failed: [...log.failed], errors: [...log.errors] }
}

/** Everything wrong with a deck, one line each; empty when the deck is good. */
export function problems(r: DeckReport): string[] {
  const name = path.basename(r.file)
  const at = (s: SlideReport) => `${name} #/${s.h}/${s.v} "${s.title}"`
  return [
    ...r.outside.map((u) => `${name}: request outside the deck folder: ${u}`),
    ...r.failed.map((u) => `${name}: failed request: ${u}`),
    ...r.errors.map((e) => `${name}: ${e}`),
    ...r.slides.flatMap((s) => [
      ...s.overflow.map((o) => `${at(s)}: ${o}`),
      ...s.small.map((o) => `${at(s)}: unreadable ${o}`),
      ...s.broken.map((o) => `${at(s)}: broken image ${o}`),
      ...s.overlap.map((o) => `${at(s)}: ${o}`),
      ...s.faint.map((o) => `${at(s)}: faint ${o}`),
      ...s.tex.map((o) => `${at(s)}: raw TeX ${o}`),
      ...s.short.map((o) => `${at(s)}: ${o}`),
    ]),
  ]
}

// ---------------------------------------------------------------- speaker view

export interface SpeakerViewReport extends PageLog {
  opened: boolean
  /** Indices the deck shows, and those the speaker view's "current slide" shows. */
  deck?: { h: number; v: number }
  current?: { h: number; v: number }
  /** Text of the current slide in the deck, and in the speaker view. */
  deckText?: string
  currentText?: string
  /** What the speaker view's notes pane shows for the current slide ('' when it has none). */
  notes?: string
}

const frameState = async (f: Frame | Page) => {
  await injectPageScript(f)
  return (await f.evaluate('window.bblTest.state()')) as { h: number; v: number; text: string } | undefined
}

/**
 * Open the speaker view of a deck the way a presenter does (press "s" on slide
 * `h`/`v`), and report whether the popup opened, what it requested and whether
 * its "current slide" pane shows the deck's current slide.
 */
export async function openSpeakerView(browser: Browser, file: string, at: { h: number; v: number } = { h: 1, v: 0 }, timeoutMs = 15_000): Promise<SpeakerViewReport> {
  const { page, folder } = await openDeck(browser, file)
  const log: PageLog = { outside: [], failed: [], errors: [] }
  let popup: Page | undefined
  try {
    await page.evaluate(`Reveal.slide(${at.h}, ${at.v})`)
    const popped = new Promise<Page | null>((resolve) => page.once('popup', resolve))
    await page.focus('body')
    await page.keyboard.press('s')
    // A bounded wait whose clock is cleared once the popup came (a live timer would hold the test file open for timeoutMs).
    popup = (await withTimeout(popped, timeoutMs, 'the speaker view').catch(() => null)) ?? undefined
    if (!popup) return { opened: false, ...log }
    watchPage(popup, folder, log)
    const deadline = Date.now() + timeoutMs
    const deckState = await frameState(page)
    for (;;) {
      const frame = popup.frames().find((f) => /[?&]receiver\b/.test(f.url()) && /postMessageEvents=true/.test(f.url()))
      const state = frame ? await frameState(frame).catch(() => undefined) : undefined
      if (state && deckState && state.h === deckState.h && state.v === deckState.v) {
        // Let the upcoming-slide pane finish too, so its requests are seen.
        await popup.waitForNetworkIdle({ idleTime: 200, timeout: 5_000 }).catch(() => undefined)
        // Requests made before our listeners were attached: the frames' own records.
        for (const f of popup.frames()) {
          const names = (await f.evaluate("performance.getEntries().filter((e) => e.entryType === 'resource' || e.entryType === 'navigation').map((e) => e.name)").catch(() => [])) as string[]
          for (const n of names) if (!isInline(n) && !n.startsWith(folder) && !log.outside.includes(n)) log.outside.push(n)
        }
        const notes = (await popup.evaluate("document.querySelector('.speaker-controls-notes:not(.hidden) .value')?.innerText ?? ''")) as string
        return { opened: true, ...log, deck: deckState, current: state, deckText: deckState.text, currentText: state.text, notes }
      }
      if (Date.now() > deadline) return { opened: true, ...log, deck: deckState, current: state, deckText: deckState?.text, currentText: state?.text }
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await popup?.close().catch(() => undefined)
    await page.close()
  }
}

// ---------------------------------------------------------------- pictures, words

/** Screenshots of every slide of a deck (slide-NNN.png in `dir`), to look at. */
export async function screenshotSlides(browser: Browser, file: string, dir: string): Promise<string[]> {
  const { page } = await openDeck(browser, file)
  try {
    await page.evaluate("Reveal.configure({ transition: 'none', controls: false, progress: false })")
    const all = (await page.evaluate('window.bblTest.slides()')) as Array<{ h: number; v: number }>
    const files: string[] = []
    for (const [i, { h, v }] of all.entries()) {
      await page.evaluate(`Reveal.slide(${h}, ${v})`)
      const out = path.join(dir, `slide-${String(i).padStart(3, '0')}.png`)
      await page.screenshot({ path: out as `${string}.png` })
      files.push(out)
    }
    return files
  } finally {
    await page.close()
  }
}

export { bag, coverage } from './words.js'
