/**
 * axe-core on a built deck or page, as a reader's tools see it: axe is injected
 * from node_modules (no network), every slide is shown in turn with
 * Reveal.slide(h, v), its fragments shown, and axe checks the slide on screen;
 * the page as a whole (language, title, landmarks) is checked once, on the
 * first slide. Results are merged by rule and element and grouped by impact.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'puppeteer-core'
import { openDeck } from './deck.js'

const require = createRequire(import.meta.url)

export type Impact = 'minor' | 'moderate' | 'serious' | 'critical'

export interface Violation {
  rule: string
  impact: Impact
  help: string
  /** CSS selectors of the elements, with the slide (#/h/v) they were seen on. */
  targets: string[]
}

export interface AxeReport {
  file: string
  /** Slides checked (1 for a page that is not a deck). */
  slides: number
  violations: Violation[]
  /**
   * Text whose contrast axe could not decide (behind it: a gradient, a
   * picture, overlapping boxes), with the slide: axe reports it as
   * "incomplete", neither passed nor failed.
   */
  unsure: string[]
}

let source: Promise<string> | undefined
const axeSource = () => (source ??= readFile(require.resolve('axe-core/axe.min.js'), 'utf8'))

/** WCAG 2.x A and AA, and axe's best practices (headings, landmarks...). */
const RUN_OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } }

/** Shown as the PDF prints them: every fragment, no transition (a slide still moving would be checked half-drawn). */
const STILL = `.reveal .slides .fragment:not(code) { opacity: 1 !important; visibility: inherit !important; transform: none !important; transition: none !important; }
.reveal .slides section, .reveal .backgrounds * { transition: none !important; }`

/**
 * In the page: `bblAxe.check(from, to)` shows slides from..to-1 in turn and
 * runs axe on each (on the whole document for the first), returning the
 * violations with the slide they were seen on. A few slides per call: a long
 * deck in one call could outlast the protocol's timeout. No frame is waited
 * for between slides: with transitions off, reveal.js shows a slide at once,
 * and axe reads styles and boxes, which the browser computes when asked
 * (waiting two frames a slide gave the same results, a third slower).
 */
const STEPPER = (options: string) => `window.bblAxe = {
  options: ${options},
  async check(from, to) {
    const out = { found: [], unsure: [] }
    for (let i = from; i < to; i++) {
      const r = await this.one(i)
      out.found.push(...r.found)
      out.unsure.push(...r.unsure)
    }
    return out
  },
  async one(i) {
    const s = Reveal.getSlides()[i]
    const { h, v } = Reveal.getIndices(s)
    Reveal.slide(h, v ?? 0)
    const at = '#/' + h + '/' + (v ?? 0)
    // Past the first, the slides not shown are taken out of the page while axe runs (and put back):
    // hidden, they change none of its results, but axe would walk their whole tree for each slide.
    const rest = i === 0 ? [] : [...document.querySelectorAll('.reveal .slides > section')].filter((x) => !x.contains(s))
    const marks = rest.map((x) => {
      const mark = document.createComment('')
      x.replaceWith(mark)
      return [mark, x]
    })
    let results
    try {
      results = await axe.run(i === 0 ? document : s, this.options)
    } finally {
      for (const [mark, x] of marks) mark.replaceWith(x)
    }
    return {
      found: results.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => at + ' ' + n.target.join(' ')) })),
      unsure: results.incomplete.filter((v) => v.id === 'color-contrast').flatMap((v) => v.nodes.map((n) => at + ' ' + n.target.join(' '))),
    }
  },
}`

/** Slides checked per call into the page (~30–100 ms each). */
const PER_CALL = 10

type Found = Array<{ rule: string; impact: Impact; help: string; targets: string[] }>

/** axe on a deck (index.html of a talk or recap): every slide, fragments shown. */
export async function axeDeck(browser: Browser, file: string): Promise<AxeReport> {
  const { page } = await openDeck(browser, file)
  try {
    return await axeOpenDeck(page, file)
  } finally {
    await page.close()
  }
}

/** axe on a deck already open in `page` (openDeck): every slide, fragments shown. The page stays open. */
export async function axeOpenDeck(page: Page, file: string): Promise<AxeReport> {
  await page.addStyleTag({ content: STILL })
  await inject(page)
  await page.evaluate(`Reveal.configure({ transition: 'none', backgroundTransition: 'none', autoAnimate: false }); ${STEPPER(JSON.stringify(RUN_OPTIONS))}`)
  const slides = (await page.evaluate('Reveal.getSlides().length')) as number
  const found: Found = []
  const unsure = new Set<string>()
  for (let i = 0; i < slides; i += PER_CALL) {
    const r = (await page.evaluate(`bblAxe.check(${i}, ${Math.min(i + PER_CALL, slides)})`)) as { found: Found; unsure: string[] }
    found.push(...r.found)
    for (const u of r.unsure) unsure.add(u)
  }
  return report(file, slides, found, [...unsure])
}

/** axe on a page that is not a deck (the landing page). */
export async function axePage(browser: Browser, file: string): Promise<AxeReport> {
  const page = await browser.newPage()
  try {
    await page.setViewport({ width: 1280, height: 720 })
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' })
    await inject(page)
    const fn = `axe.run(document, ${JSON.stringify(RUN_OPTIONS)}).then((r) => r.violations.map((v) => ({ rule: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))`
    return report(file, 1, (await page.evaluate(fn)) as Found, [])
  } finally {
    await page.close()
  }
}

async function inject(page: Page): Promise<void> {
  await page.evaluate(`window.axe || (0, eval)(${JSON.stringify(await axeSource())})`)
}

/** One violation per rule, its elements from every slide together. */
function report(file: string, slides: number, found: Found, unsure: string[]): AxeReport {
  const byRule = new Map<string, Violation>()
  for (const f of found) {
    const v = byRule.get(f.rule) ?? { rule: f.rule, impact: f.impact, help: f.help, targets: [] }
    v.targets.push(...f.targets.filter((t) => !v.targets.includes(t)))
    byRule.set(f.rule, v)
  }
  return { file, slides, violations: [...byRule.values()], unsure }
}

/** The violations of an impact or worse, one line each (rule, help, where: the first few elements). */
export function atLeast(r: AxeReport, impact: Impact): string[] {
  const order: Impact[] = ['minor', 'moderate', 'serious', 'critical']
  const name = path.relative(process.cwd(), r.file)
  return r.violations
    .filter((v) => order.indexOf(v.impact) >= order.indexOf(impact))
    .map((v) => `${name}: ${v.impact} ${v.rule} (${v.help}) on ${v.targets.length}: ${v.targets.slice(0, 4).join(', ')}`)
}

/** How many violations of each impact, for the test log. */
export function byImpact(reports: AxeReport[]): Record<Impact, number> {
  const out: Record<Impact, number> = { minor: 0, moderate: 0, serious: 0, critical: 0 }
  for (const r of reports) for (const v of r.violations) out[v.impact] += v.targets.length
  return out
}
