/**
 * Fitting: slides are measured in headless Chromium, on the deck's own CSS and
 * bundled fonts, at 1280×720. Text that does not fit continues on the next
 * slide (assets/paginate.js decides where); covers shrink their title a step at
 * a time. Done once per distinct slide: the talk decks reuse the recap's work.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Page } from 'puppeteer-core'
import { type BrowserManager, withTimeout } from '../browser/manager.js'
import type { Warning } from '../notes/model.js'
import { assetsDir } from '../core/paths.js'
import { htmlToText } from '../core/text.js'
import type { DeckPlan, FixedSlide, FlowSlide, SlideSpec } from './plan.js'
import { type Fitted, fitKey, fixedSection, flowSkeleton, measurePage, type PageAssets } from './render.js'

let paginateScript: Promise<string> | undefined

export interface FitResult {
  fitted: (spec: SlideSpec) => Fitted
  warnings: Warning[]
  /** How many distinct slides had to be measured (not found in the cache). */
  measured: number
  /** Cache keys this build used. */
  used: Set<string>
}

/**
 * The page slides are measured in. A one-shot build opens it once; bbl serve
 * keeps one across rebuilds (reloaded only when the CSS, fonts or language
 * change), which saves opening a tab and loading the fonts on every save.
 */
export class Measurer {
  private page?: Page
  private key?: string
  private root = ''
  private readonly blocked = new Set<string>()

  constructor(private readonly browser: BrowserManager) {}

  /** A measuring page for `deckDir`'s assets; requests may reach only `deckDir`. */
  async open(deckDir: string, assets: PageAssets, lang: string, salt: string): Promise<{ page: Page; blocked: Set<string> }> {
    this.root = deckDir
    this.blocked.clear()
    const key = `${salt}\u0000${assets.css.join(',')}\u0000${lang}`
    if (this.page && !this.page.isClosed() && this.key === key) {
      // Same CSS: only the base URL moves to this build's folder (inline pictures).
      await this.page.evaluate((href) => {
        document.querySelector('base')!.href = href
      }, pathToFileURL(deckDir).href + '/')
      return { page: this.page, blocked: this.blocked }
    }
    await this.close()
    const measureFile = path.join(deckDir, '.bbl-measure.html')
    await writeFile(measureFile, measurePage(assets, lang))
    try {
      const page = await this.browser.page(() => this.root, { onBlocked: (u) => this.blocked.add(u) })
      this.page = page
      await page.goto(pathToFileURL(measureFile).href, { waitUntil: 'load' })
      paginateScript ??= readFile(path.join(assetsDir, 'paginate.js'), 'utf8')
      await page.addScriptTag({ content: await paginateScript })
      await page.evaluate('window.bbl.ready()')
      this.key = key
      return { page, blocked: this.blocked }
    } finally {
      await rm(measureFile, { force: true })
    }
  }

  async close(): Promise<void> {
    const page = this.page
    this.page = undefined
    this.key = undefined
    await page?.close().catch(() => undefined)
  }
}

export async function fitDecks(
  browser: BrowserManager,
  deckDir: string,
  assets: PageAssets,
  decks: DeckPlan[],
  lang: string,
  cache?: Map<string, Fitted>,
  /** Whatever else the layout depends on (CSS contents, browser): part of every cache key. */
  salt = '',
  /** A measuring page kept across builds; without one, a page is opened and closed here. */
  kept?: Measurer,
): Promise<FitResult> {
  const flows = new Map<string, FlowSlide>()
  const fixed = new Map<string, FixedSlide>()
  const results = new Map<string, Fitted>()
  const used = new Set<string>()
  // The cache is only valid for the same CSS and browser: its key includes them and the language.
  const prefix = `${salt}\u0000${assets.css.join(',')}\u0000${lang}\u0000`
  for (const d of decks)
    for (const st of d.stacks)
      for (const s of st.slides) {
        const key = fitKey(s)
        used.add(prefix + key)
        const hit = cache?.get(prefix + key)
        if (hit) results.set(key, hit)
        else (s.type === 'flow' ? flows : fixed).set(key, s as never)
      }
  if (flows.size === 0 && fixed.size === 0) return { fitted: lookup(results), warnings: [], measured: 0, used }

  const warnings: Warning[] = []
  const measurer = kept ?? new Measurer(browser)
  let blocked = new Set<string>()
  try {
    await withTimeout(
      (async () => {
        const opened = await measurer.open(deckDir, assets, lang, salt)
        const page = opened.page
        blocked = opened.blocked
        const flowJobs = [...flows].map(([key, s]) => ({ key, skeleton: flowSkeleton(s), blocks: s.blocks, lang }))
        const flowOut = (await page.evaluate(
          (jobs) => jobs.map((j) => (window as unknown as { bbl: { paginateFlow: (j: unknown) => unknown } }).bbl.paginateFlow(j)),
          flowJobs,
        )) as Array<{ pages: string[][]; overflow: number[] }>
        flowJobs.forEach((j, i) => {
          const r = flowOut[i]!
          results.set(j.key, { type: 'flow', pages: r.pages })
          if (r.overflow.length > 0) {
            const s = flows.get(j.key)!
            warnings.push({ code: 'OVERFLOW', message: `"${s.kicker} / ${htmlToText(s.title)}": a block is taller than a slide even when split; shorten it` })
          }
        })
        const fixedJobs = [...fixed].map(([key, s]) => ({ key, html: fixedSection(s, 0) }))
        const fixedOut = (await page.evaluate(
          (jobs) => jobs.map((j) => (window as unknown as { bbl: { fitFixed: (j: unknown) => { step: number } } }).bbl.fitFixed(j)),
          fixedJobs,
        )) as Array<{ step: number }>
        fixedJobs.forEach((j, i) => {
          const step = fixedOut[i]!.step
          results.set(j.key, { type: 'fixed', step: Math.max(step, 0) })
          if (step < 0) warnings.push({ code: 'OVERFLOW', message: `a title slide does not fit even with its smallest title size: ${htmlToText(fixed.get(j.key)!.html).slice(0, 80)}` })
        })
      })(),
      browser.timeoutMs,
      `fitting the slides of ${path.basename(deckDir)}`,
    )
  } catch (e) {
    // A page that timed out or failed is not reused.
    await measurer.close()
    throw e
  } finally {
    if (!kept) await measurer.close()
  }
  for (const u of blocked) warnings.push({ code: 'NETWORK_REQUEST', message: `blocked a request outside the deck folder: ${u}` })
  if (cache && warnings.length === 0) for (const key of [...flows.keys(), ...fixed.keys()]) cache.set(prefix + key, results.get(key)!)
  return { fitted: lookup(results), warnings, measured: flows.size + fixed.size, used }
}

const lookup = (results: Map<string, Fitted>) => (spec: SlideSpec): Fitted => {
  const r = results.get(fitKey(spec))
  if (!r) throw new Error(`slide was not fitted: ${fitKey(spec).slice(0, 60)}`)
  return r
}
