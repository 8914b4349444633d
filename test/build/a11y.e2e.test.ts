/**
 * Accessibility of what bbl writes, read from the run's shared builds
 * (test/helpers/shared.ts), never rebuilt: axe-core (test/helpers/axe.ts) on
 * the sample's recap deck and one of its talk decks, every fixture's recap
 * deck (a talk deck holds the same slides as the recap), and both landing
 * pages; then the tags of the sample's slide PDF and handout, as poppler and
 * pdf-lib read them (test/helpers/pdf-struct.ts). axe runs once per deck, in
 * its group's `before` hook; the tests only read its results. The conformance
 * corpus is checked in its own run (test/build/conformance-a11y.ts).
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import type { Manifest } from '../../src/core/manifest.js'
import { type AxeReport, atLeast, axeDeck, axePage, byImpact } from '../helpers/axe.js'
import { closeBrowser, launchBrowser } from '../helpers/browser.js'
import { pool } from '../helpers/corpus.js'
import { findAll, picturesPerPage, structText, tags, untaggedPages } from '../helpers/pdf-struct.js'
import { FIXTURES, type Shared, shared } from '../helpers/shared.js'

/** A talk of the sample in English while the recap is in French: its own language must be declared. */
const SAMPLE_TALK = 'the-internals-of-query-execution-in-spark-sql.html'

describe('accessibility: axe-core on the decks and landing pages, tags in the PDFs', () => {
  let sample: Shared
  let fixtures: Shared
  let browser: Browser

  before(async () => {
    const launching = launchBrowser()
    ;[sample, fixtures] = await Promise.all([shared('sample'), shared('fixtures')])
    browser = await launching
  })

  after(async () => {
    await closeBrowser(browser)
  })

  /** axe on `decks` (two at a time) and on the landing page of `build`, logged; one hook each, so that each is bounded on its own. */
  async function checkAll(build: Shared, decks: string[], into: { decks: AxeReport[]; landing?: AxeReport }): Promise<void> {
    if (build.run.code !== 0) return
    const t0 = Date.now()
    await pool(decks, 2, async (f) => {
      into.decks.push(await axeDeck(browser, f))
    })
    into.landing = await axePage(browser, path.join(build.out, 'index.html'))
    const all = [...into.decks, into.landing]
    const slides = into.decks.reduce((n, r) => n + r.slides, 0)
    const unsure = into.decks.reduce((n, r) => n + r.unsure.length, 0)
    console.log(
      `# axe: ${into.decks.length} decks, ${slides} slides and the landing page in ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
        `violations by impact ${JSON.stringify(byImpact(all))}; contrast undecided (a gradient or picture behind) for ${unsure} elements`,
    )
  }

  async function everySlide(r: AxeReport): Promise<void> {
    const m = JSON.parse(await readFile(path.join(path.dirname(r.file), 'manifest.json'), 'utf8')) as Manifest
    assert.equal(r.slides, m.decks.find((d) => d.file === path.basename(r.file))?.slides, `${r.file}: every slide checked`)
  }

  /** Each build checked: its decks (the sample's recap and a talk in another language; every fixture's recap) and its landing page. */
  const suites: Array<{ title: string; build: () => Shared; decks: (b: Shared) => string[] }> = [
    {
      title: 'the sample: its recap deck, a talk deck in another language, the landing page',
      build: () => sample,
      decks: (b) => [path.join(b.out, 'dataxday-2018', 'index.html'), path.join(b.out, 'dataxday-2018', SAMPLE_TALK)],
    },
    {
      title: 'our fixtures: every recap deck, the landing page',
      build: () => fixtures,
      decks: (b) => FIXTURES.map((n) => path.join(b.out, n, 'index.html')),
    },
  ]

  for (const suite of suites) {
    describe(suite.title, () => {
      const found: { decks: AxeReport[]; landing?: AxeReport } = { decks: [] }
      before(() => checkAll(suite.build(), suite.decks(suite.build()), found))

      it('checks every slide of every deck', async () => {
        const b = suite.build()
        assert.equal(b.run.code, 0, b.run.stderr)
        assert.equal(found.decks.length, suite.decks(b).length)
        for (const r of found.decks) await everySlide(r)
      })

      it('decks: no serious or critical violation (contrast, alt text, language, headings, link names, ARIA)', () => {
        assert.deepEqual(found.decks.flatMap((r) => atLeast(r, 'serious')), [])
      })

      it('landing page: no violation of any impact', () => {
        assert.ok(found.landing, 'found.landing')
        assert.deepEqual(atLeast(found.landing, 'minor'), [])
      })
    })
  }

  describe('the sample\'s slide PDF and handout carry their meaning', () => {
    const dir = () => path.join(sample.out, 'dataxday-2018')

    for (const [file, what] of [
      ['dataxday-2018.pdf', 'slide PDF'],
      ['dataxday-2018-handout.pdf', 'handout'],
    ] as const) {
      it(`${what}: every page has a heading and a figure with alternate text per picture; the language is French`, async () => {
        const pdf = path.join(dir(), file)
        const t = await tags(pdf)
        assert.equal(t.lang, 'fr')
        const pictures = picturesPerPage(pdf)
        assert.ok([...pictures.values()].reduce((a, b) => a + b, 0) >= 29, 'the photos are drawn')
        assert.deepEqual(untaggedPages(t, pictures), [])
      })

      it(`${what}: poppler reads one heading per slide, the talks' titles among them, and the lists as lists`, async () => {
        const m = JSON.parse(await readFile(path.join(dir(), 'manifest.json'), 'utf8')) as Manifest
        const tree = structText(path.join(dir(), file))
        const headings = findAll(tree, /^H\d?$/).map((h) => h.text.replace(/\s+/g, ''))
        assert.ok(headings.length >= m.decks[0]!.slides, `${headings.length} headings for ${m.decks[0]!.slides} slides`)
        for (const d of m.decks) {
          const title = d.title.replace(/\s+/g, '')
          assert.ok(headings.some((h) => h.includes(title)), `a heading reads "${d.title}"`)
        }
        const items = findAll(tree, /^L$/).flatMap((l) => l.children.filter((c) => c.type === 'LI'))
        assert.ok(items.length >= 80, `${items.length} list items tagged LI in a list`)
        assert.ok(findAll(tree, /^NonStruct$/).length < findAll(tree, /^(H\d?|P|LI|Figure)$/).length * 10, 'NonStruct is a small share of the tags')
      })
    }
  })
})
