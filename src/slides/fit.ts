/**
 * Fitting: slides are measured in headless Chromium, on the deck's own CSS and
 * bundled fonts, at 1280×720. Text that does not fit continues on the next
 * slide (src/page/paginate.js decides where); covers shrink their title a step at
 * a time. Done once per distinct slide: the talk decks reuse the recap's work.
 */
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { CDPSession, Page } from 'puppeteer-core'
import { browserFault } from '../browser/faults.js'
import type { BrowserManager } from '../browser/manager.js'
import { withStallTimeout, withTimeout } from '../browser/clocks.js'
import { PagePool, type PageSource } from '../browser/page-pool.js'
import type { Warning } from '../notes/model.js'
import { BblError, ExitCode } from '../core/error.js'
import { pageScriptFile } from '../core/paths.js'
import type { FixedJob, FixedResult, FlowJob, FlowResult, InMeasuringPage } from '../page/contract.js'
import { htmlToText } from '../core/text.js'
import type { DeckPlan, FixedSlide, FlowSlide, SlideSpec } from './spec.js'
import { type Fitted, fitKey, fixedSection, flowSkeleton, measurePage, type PageAssets } from './render.js'

let paginateScript: Promise<string> | undefined

/** The measuring page's script: cut.js (where blocks may be cut), then paginate.js (which slide gets what). */
export async function measuringScript(): Promise<string> {
  const [cut, paginate] = await Promise.all([readFile(pageScriptFile('cut'), 'utf8'), readFile(pageScriptFile('paginate'), 'utf8')])
  return `${cut}\n${paginate}`
}

export interface FitResult {
  fitted: (spec: SlideSpec) => Fitted
  warnings: Warning[]
  /** How many distinct slides had to be measured (not found in the cache). */
  measured: number
  /** Cache keys this build used. */
  used: Set<string>
}

/**
 * Slides handed to a measuring page at a time: enough for each page to take eight
 * batches or more (pages that finish early take more, so they end together), at
 * least 8 and at most 32. Every batch is a protocol call: 10 MB of notes (28,703
 * slides on two pages) fitted in 36 s by 8s, 28.5 s by 32s, no faster by 64s or 128s.
 */
export function batchSize(jobs: number, pages: number): number {
  return Math.min(32, Math.max(8, Math.ceil(jobs / (Math.max(1, pages) * 8))))
}
/** Below this many slides a page more costs more to open than it saves. */
const SLIDES_PER_PAGE = 12

type Job = FlowJob | FixedJob
type Out = FlowResult | FixedResult

/** Where each measuring page is (the slide it measures) and its stall clock, for withStallTimeout. */
interface Lanes {
  /** The last job each page said it started (hearProgress: at most every PROGRESS_MS), which still arrives if the page then hangs. */
  busy: Map<Page, number>
  /** A page's clock starts again (at each batch, and as it says which slides it starts). */
  progress: (page: Page) => void
  /** A page's clock stops (it has no batch in hand). */
  rest: (page: Page) => void
}

/**
 * The pages slides are measured in: a page pool (src/browser/page-pool.ts) of
 * as many pages as the browser manager allows (the cores, at most 4) and the
 * slides need. A one-shot build opens them once; bbl serve keeps them across
 * rebuilds (reloaded only when the CSS, fonts or language change), which saves
 * opening tabs and loading the fonts on every save. Every slide is measured on
 * its own, so which page measured it changes nothing.
 */
export class Measurer {
  private readonly pool: PagePool
  private key?: string
  private root = ''
  /** The page new measuring pages load (written while they open). */
  private measureFile = ''

  constructor(browser: PageSource) {
    // A kept page moves from build folder to build folder: requests may reach only the current one.
    this.pool = new PagePool(browser, { root: () => this.root, setup: (page) => this.load(page) })
  }

  /**
   * Up to `want` measuring pages for `deckDir`'s assets; requests may reach only
   * `deckDir`. Returns the requests this build's pages blocked (filled while they measure).
   */
  async open(deckDir: string, assets: PageAssets, lang: string, salt: string, want = 1): Promise<Set<string>> {
    this.root = deckDir
    this.pool.forget()
    const key = `${salt}\u0000${assets.css.join(',')}\u0000${lang}`
    if (this.key !== key) await this.close()
    // Same CSS: only the base URL moves to this build's folder (inline pictures).
    const base = `${pathToFileURL(deckDir).href}/`
    await Promise.all(this.pool.pages.map((p) => p.evaluate((href) => {
          document.querySelector('base')!.href = href
        }, base)))
    if (this.pool.pages.length < want) {
      this.measureFile = path.join(deckDir, '.bbl-measure.html')
      await writeFile(this.measureFile, measurePage(assets, lang))
      try {
        await this.pool.fill(want)
      } finally {
        await rm(this.measureFile, { force: true })
      }
    }
    this.key = key
    return this.pool.seen.blocked
  }

  /**
   * Measure `jobs` on `want` of the open pages, each page taking the next batch
   * as it finishes one; each page is a lane of the stall clock.
   */
  async measure(jobs: Job[], want: number, lanes: Lanes): Promise<Out[]> {
    const size = batchSize(jobs.length, want)
    const batches = Array.from({ length: Math.ceil(jobs.length / size) }, (_, b) => b * size)
    const done = await this.pool.run(batches, (from, { page }) => measureBatch(page, jobs.slice(from, from + size), from, lanes), { size: want })
    return done.flat()
  }

  async close(): Promise<void> {
    this.key = undefined
    await this.pool.close()
  }

  /** A new measuring page: the measuring file, its script, and its fonts loaded. */
  private async load(page: Page): Promise<void> {
    await page.goto(pathToFileURL(this.measureFile).href, { waitUntil: 'load' })
    paginateScript ??= measuringScript()
    await page.addScriptTag({ content: await paginateScript })
    await page.evaluate('window.bbl.ready()')
    await hearProgress(page)
  }
}

/** The binding a measuring page calls with the job it starts (its index in the whole), at most every PROGRESS_MS. */
const PROGRESS = 'bblMeasuring'
const PROGRESS_MS = 100

/** What a measuring page's "I start job i" reaches while it has a batch in hand (set by measureBatch). */
const progressOf = new WeakMap<Page, (i: number) => void>()
/** Each measuring page's protocol session (its progress binding). */
const sessionOf = new WeakMap<Page, CDPSession>()

/**
 * A measuring page says which job it starts through a binding (Runtime.addBinding),
 * a small protocol event that keeps its stall clock from ringing while slides come out: at most one
 * every PROGRESS_MS, as one per slide cost a fifth of the time of fitting 10 MB of notes (28,703
 * slides). Each slide it starts is also marked in the page (`bblAt`), where slideInHand reads it.
 */
async function hearProgress(page: Page): Promise<void> {
  const session = await page.createCDPSession()
  sessionOf.set(page, session)
  session.on('Runtime.bindingCalled', (e) => {
    if (e.name === PROGRESS) progressOf.get(page)?.(Number(e.payload))
  })
  await session.send('Runtime.addBinding', { name: PROGRESS })
}

/**
 * The job a page that stood still was measuring (an author's script spinning in a slide): its
 * script is stopped (Runtime.terminateExecution, which reaches a page busy in a loop) and its
 * mark read (the page is closed afterwards). `null` when it was between slides (a script of an
 * earlier slide spinning later: no slide to name); undefined when it does not answer.
 */
async function slideInHand(page: Page, jobs: number): Promise<number | null | undefined> {
  const session = sessionOf.get(page)
  // A batch that ended meanwhile: its page is not stopped (bbl serve keeps it).
  if (!progressOf.has(page) || !session) return undefined
  // The batch's call fails once its script is stopped: it waits until the mark is read.
  let read = () => {}
  asking.set(page, new Promise<void>((r) => (read = r)))
  try {
    await session.send('Runtime.terminateExecution')
    const at = await page.evaluate(() => (window as unknown as { bblAt?: number }).bblAt)
    if (typeof at !== 'number') return undefined
    return at >= 0 && at < jobs ? at : null
  } finally {
    read()
  }
}

/** How long the page has to say where it was before the last slide it reported is named instead. */
const ASK_MS = 1000

/** A page slideInHand is asking: its batch's failure waits for the answer. */
const asking = new WeakMap<Page, Promise<void>>()

/** One batch of jobs (from `from` on) measured on `page`, its lane's clock running meanwhile. */
async function measureBatch(page: Page, batch: Job[], from: number, lanes: Lanes): Promise<Out[]> {
  lanes.progress(page)
  lanes.busy.set(page, from)
  progressOf.set(page, (i) => {
    lanes.busy.set(page, i)
    lanes.progress(page)
  })
  const done = (await page.evaluate(
    (jobs, binding, every, first) => {
      const w = window as unknown as InMeasuringPage & Record<string, (k: string) => void> & { bblAt: number }
      let said = Number.NEGATIVE_INFINITY
      const out = jobs.map((j, k): Out => {
        w.bblAt = first + k
        const now = performance.now()
        if (now - said >= every) {
          said = now
          w[binding]!(String(w.bblAt))
        }
        return j.kind === 'flow' ? w.bbl.paginateFlow(j) : w.bbl.fitFixed(j)
      })
      w.bblAt = -1
      return out
    },
    batch,
    PROGRESS,
    PROGRESS_MS,
    from,
  ).catch(async (e: unknown) => {
    await asking.get(page)
    throw e
  })) as Out[]
  progressOf.delete(page)
  lanes.busy.delete(page)
  lanes.rest(page)
  return done
}

export interface FitOptions {
  browser: BrowserManager
  /** The folder the decks are written to: the measuring page's requests may reach only it. */
  deckDir: string
  /** What a message calls these decks (the notes' name, not a temporary folder's). */
  name: string
  assets: PageAssets
  decks: DeckPlan[]
  lang: string
  cache?: Map<string, Fitted>
  /** Whatever else the layout depends on (CSS contents, browser): part of every cache key. */
  salt?: string
  /** Measuring pages kept across builds; without them, pages are opened and closed here. */
  kept?: Measurer
  /** At most this many measuring pages (default: the browser manager's). */
  pages?: number
}

export async function fitDecks(o: FitOptions): Promise<FitResult> {
  const { browser, deckDir, name, assets, decks, lang, cache, salt = '', kept, pages = browser.pages } = o
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

  const jobs: Job[] = [
    ...[...flows].map(([key, s]): Job => ({ kind: 'flow', key, skeleton: flowSkeleton(s), blocks: s.blocks, lang })),
    ...[...fixed].map(([key, s]): Job => ({ kind: 'fixed', key, html: fixedSection(s, 0) })),
  ]
  const measurer = kept ?? new Measurer(browser)
  const want = Math.max(1, Math.min(pages, Math.ceil(jobs.length / SLIDES_PER_PAGE)))
  let blocked = new Set<string>()
  let out: Out[]
  const busy = new Map<Page, number>()
  const specOf = (j: Job): SlideSpec => (j.kind === 'flow' ? flows.get(j.key)! : fixed.get(j.key)!)
  try {
    // --timeout bounds a stall, not the whole: a team's archive of thousands of slides
    // keeps measuring as long as slides keep coming out; a slide that hangs fails.
    out = await withStallTimeout(
      async (progress, rest) => {
        blocked = await measurer.open(deckDir, assets, lang, salt, want)
        // The pages are open: from here each page has its own clock.
        rest()
        return measurer.measure(jobs, want, { busy, progress, rest })
      },
      browser.timeoutMs,
      `fitting the slides of ${name}`,
      async (lane) => {
        if (lane === undefined) return stuckAt([...busy.values()].map((i) => specOf(jobs[i]!)))
        // The last slide the page said it started, unless it can tell the one it is on.
        const page = lane as Page
        const said = await withTimeout(slideInHand(page, jobs.length), Math.min(ASK_MS, browser.timeoutMs), 'asking').catch(() => undefined)
        // No answer (a page stuck outside its script): the last slide it reported, up to PROGRESS_MS before.
        const at = said === undefined ? busy.get(page) : said
        return stuckAt(at === undefined || at === null ? [] : [specOf(jobs[at]!)])
      },
    )
  } catch (e) {
    // A page that timed out or failed is not reused.
    await measurer.close()
    // A protocol call past Puppeteer's own clock is a page that hangs, not a bug. (A browser
    // that died stays a plain error: bbl serve starts another and builds again.)
    if (!(e instanceof BblError) && browserFault(e) === 'timeout') {
      throw new BblError(`fitting the slides of ${name} stopped: ${(e as Error).message.split('\n')[0]}; the page hangs or the browser is stuck`, ExitCode.BROWSER)
    }
    throw e
  } finally {
    if (!kept) await measurer.close()
  }
  const warnings: Warning[] = []
  jobs.forEach((j, i) => {
    const r = out[i]!
    if (j.kind === 'flow' && 'pages' in r) {
      results.set(j.key, { type: 'flow', pages: r.pages })
      const s = flows.get(j.key)!
      if (r.overflow.length > 0) warnings.push({ code: 'OVERFLOW', message: `"${s.kicker} / ${htmlToText(s.title)}": a block is taller than a slide even when split; shorten it` })
    } else if ('step' in r) {
      results.set(j.key, { type: 'fixed', step: Math.max(r.step, 0) })
      if (r.step < 0) warnings.push({ code: 'OVERFLOW', message: `a title slide does not fit even with its smallest title size: ${htmlToText(fixed.get(j.key)!.html).slice(0, 80)}` })
    }
  })
  for (const u of blocked) warnings.push({ code: 'NETWORK_REQUEST', message: `blocked a request outside the deck folder: ${u}` })
  if (cache && warnings.length === 0) for (const j of jobs) cache.set(prefix + j.key, results.get(j.key)!)
  return { fitted: lookup(results), warnings, measured: jobs.length, used }
}

/** The slides a page was measuring when time ran out, named for the message: their titles and first line. */
function stuckAt(specs: SlideSpec[]): { detail?: string; line?: number } {
  if (specs.length === 0) return {}
  const name = (s: SlideSpec) => (s.type === 'flow' ? `"${[s.kicker, htmlToText(s.title)].filter(Boolean).join(' / ')}"` : `"${htmlToText(s.html).trim().slice(0, 60)}"`)
  const line = specs.map((s) => s.line).find((l) => l !== undefined)
  return { detail: `at the slide ${[...new Set(specs.map(name))].join(' and ')}${line ? `, line ${line}` : ''}`, ...(line ? { line } : {}) }
}

const lookup = (results: Map<string, Fitted>) => (spec: SlideSpec): Fitted => {
  const r = results.get(fitKey(spec))
  if (!r) throw new Error(`slide was not fitted: ${fitKey(spec).slice(0, 60)}`)
  return r
}
