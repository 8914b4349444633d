/**
 * A deck → its slide PDF, the way a bare Chrome print does it and no slower:
 * one navigation to `<deck>.html?print-pdf`, a wait for reveal.js's print
 * layout, the fonts and the pictures (never a fixed pause), then one
 * page.pdf() at 1280×720. reveal.js lays out one page per slide with every
 * fragment shown (pdfSeparateFragments: false in src/page/deck.js).
 */
import { readFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'puppeteer-core'
import { pageScriptFile } from '../core/paths.js'
import type { InPage, SlideMark } from '../page/contract.js'
import type { OutlineEntry } from './file.js'

/** What each printed page holds, for the outline. */
export type { SlideMark } from '../page/contract.js'

export interface PrintedDeck {
  bytes: Uint8Array
  marks: SlideMark[]
}

export async function printDeck(page: Page, deckPath: string): Promise<PrintedDeck> {
  // margin=0: reveal.js reads its options from the query too. Its default margin
  // would make the print page 4% larger than the slide, and Chrome scale it down.
  await page.goto(`${pathToFileURL(deckPath).href}?print-pdf&margin=0`, { waitUntil: 'load' })
  await addPageScript(page)
  const marks = await inFront(page, () => page.evaluate(() => (window as unknown as InPage).bblPdf.deckReady()))
  await page.evaluate(() => (window as unknown as InPage).bblPdf.fixLinks(''))
  const bytes = await page.pdf({ width: '1280px', height: '720px', printBackground: true })
  return { bytes, marks }
}

const fronts = new WeakMap<Browser, Promise<unknown>>()

/**
 * Run `work` with `page` as the browser's visible tab, one page at a time.
 * reveal.js lays out its print view over several animation frames, and a
 * headless tab behind another gets none: two decks waiting side by side would
 * wait for ever. Loading and printing need no frames and run in parallel.
 */
export function inFront<T>(page: Page, work: () => Promise<T>): Promise<T> {
  const browser = page.browser()
  const run = (fronts.get(browser) ?? Promise.resolve()).then(async () => {
    await page.bringToFront()
    return work()
  })
  fronts.set(browser, run.catch(() => undefined))
  return run
}

export type { InPage } from '../page/contract.js'

let pageScript: Promise<string> | undefined

/** src/page/pdf-page.js, inline: it needs no request of its own. */
export async function addPageScript(page: Page): Promise<void> {
  pageScript ??= readFile(pageScriptFile('pdf-page'), 'utf8')
  await page.addScriptTag({ content: await pageScript })
}

/**
 * One outline entry per talk (its cover) and per other anchored slide (agenda,
 * topics, closing); the slides after it nest under it.
 */
export function slidesOutline(marks: SlideMark[]): OutlineEntry[] {
  const out: Array<OutlineEntry & { children: OutlineEntry[] }> = []
  marks.forEach((m, page) => {
    const title = m.label || `${page + 1}`
    const parent = out[out.length - 1]
    if (m.id || !parent) out.push({ title, page, children: [] })
    else parent.children.push({ title, page })
  })
  return out
}
