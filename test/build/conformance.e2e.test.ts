/**
 * Conformance with asciidoctor-reveal.js (issue 8): the converter's own test
 * decks (test/fixtures/conformance/, MIT, see its README) are built in ONE bbl
 * run (one browser), every deck is opened in headless Chromium and checked like
 * our own notes (test/helpers/deck.ts: overflow, tiny text, broken images,
 * requests, page errors), and each must show ≥ 99 % of its words. Every deck's
 * slide PDF is printed in that run; handouts and their text are checked for a
 * representative subset: the decks that exercise raw HTML, steps, backgrounds,
 * images, hidden titles, vertical slides, remote media, footnotes and math. bbl's own decks (EXTRA) show what
 * the corpus does not, and go through the same run. Then one test per rule of the
 * issue, on the deck that shows it (the last points: ./conformance-layout.ts), and
 * axe-core on every slide of every deck (./conformance-a11y.ts).
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import type { Manifest } from '../../src/core/manifest.js'
import { words } from '../../src/core/text.js'
import { closeBrowser, coverage, type DeckReport, inspectOpenDeck, launchBrowser, openDeck, problems } from '../helpers/deck.js'
import { type AxeReport, axeOpenDeck } from '../helpers/axe.js'
import { bbl, pool, root, type Run } from '../helpers/corpus.js'
import { notesWords } from '../helpers/words.js'
import { FACTS, type Facts, sectionIds } from '../helpers/conformance.js'
import { layoutRules } from './conformance-layout.js'
import { a11yRules } from './conformance-a11y.js'

const DIR = 'test/fixtures/conformance'
/** Decks printed to PDF: one per kind of markup the issue names. */
const PDF_SUBSET = [
  'auto-animate-code', // raw <section>s in a passthrough block (used to exit 1)
  'source-emphasis', // highlight="1|2" steps
  'data-background-newstyle', // image::x[background], colours, a remote background
  'images', // sized, floated, stretched images
  'concealed-slide-titles', // == !, %notitle, %conceal
  'vertical-slides', // === slides and links between them
  'video', // remote video and iframe
  'steps', // %step and step= images
  'footnotes', // footnotes in section titles and in the text
  'mathjax', // stem blocks and inline formulas
]
/** bbl's own decks for what the corpus does not show (a highlighted listing long enough to split, a local title-slide video): built, inspected and printed with it. */
const EXTRA = ['test/fixtures/highlight-split.adoc']
const extraNames = EXTRA.map((f) => path.basename(f, '.adoc'))

describe('conformance with asciidoctor-reveal.js: its own test decks', () => {
  let tmp: string
  let out: string
  let names: string[] = []
  let build: Run
  let pdf: Run
  let strict: Run
  let browser: Browser
  const reports = new Map<string, DeckReport>()
  const axe = new Map<string, AxeReport>()
  const manifests = new Map<string, Manifest>()
  /** What the rules check on every deck, read in the same page as the inspection. */
  const facts = new Map<string, Facts>()

  before(async () => {
    names = (await readdir(path.join(root, DIR))).filter((f) => f.endsWith('.adoc')).map((f) => f.slice(0, -5)).sort()
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-conform-'))
    out = path.join(tmp, 'out')
    const launching = launchBrowser()
    // Built and printed (slide PDFs) in one run; the subset below also gets handouts.
    build = await bbl(['pdf', ...names.map((n) => `${DIR}/${n}.adoc`), ...EXTRA, '--out', out, '--no-handout', '--no-talks'])
    browser = await launching
    if (build.code !== 0) return
    for (const n of names) manifests.set(n, JSON.parse(await readFile(path.join(out, n, 'manifest.json'), 'utf8')) as Manifest)
    const t0 = Date.now()
    // One visit per deck: measured, its facts read, then axe-core on every slide, in the same page.
    await pool([...names, ...extraNames], 2, async (n) => {
      const open = await openDeck(browser, deck(n))
      try {
        reports.set(n, await inspectOpenDeck(open, deck(n), 'shown'))
        facts.set(n, (await open.page.evaluate(FACTS)) as Facts)
        axe.set(n, await axeOpenDeck(open.page, deck(n)))
      } finally {
        await open.page.close()
      }
    })
    const t1 = Date.now()
    // Into the same folder: the subset's layouts are read from the first run's cache instead of measured again.
    pdf = await bbl(['pdf', ...PDF_SUBSET.map((n) => `${DIR}/${n}.adoc`), ...EXTRA, '--out', out, '--no-talks'])
    strict = await bbl(['pdf', `${DIR}/video.adoc`, '--out', path.join(tmp, 'strict'), '--strict'])
    const slides = [...reports.values()].reduce((s, r) => s + r.slides.length, 0)
    console.log(
      `# build of ${names.length} decks and ${extraNames.length} of bbl's own ${(build.ms / 1000).toFixed(1)} s; ${slides} slides inspected and checked by axe-core in ${((t1 - t0) / 1000).toFixed(1)} s; ` +
        `PDFs of ${PDF_SUBSET.length + extraNames.length} in ${(pdf.ms / 1000).toFixed(1)} s`,
    )
  })

  after(async () => {
    await closeBrowser(browser)
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  const deck = (name: string) => path.join(out, name, 'index.html')
  const titles = (name: string) => reports.get(name)!.slides.map((s) => s.title)
  /** Run `fn` in the open deck `name` (reveal.js ready), return its result. */
  async function inDeck<T>(name: string, fn: string): Promise<T> {
    const { page } = await openDeck(browser, deck(name))
    try {
      return (await page.evaluate(fn)) as T
    } finally {
      await page.close()
    }
  }

  const run = { build: () => build, reports, axe, inDeck, outDir: () => out, pdfDir: () => out, browser: () => browser, deck }
  layoutRules(run)
  a11yRules(run)

  it('builds the whole corpus (69 decks) in one run with exit code 0, and no warning about bbl itself', () => {
    assert.equal(build.code, 0, build.stderr)
    assert.equal(names.length, 69)
    assert.doesNotMatch(build.stderr, /at .*\.(ts|js):\d+/, 'no stack trace')
  })

  it("prints every deck's slide PDF in the same run, one page per slide", async () => {
    const wrong: string[] = []
    for (const n of names) {
      const m = manifests.get(n)!
      const slides = m.pdfs.find((p) => p.kind === 'slides')
      if (slides?.pages !== m.decks[0]!.slides) wrong.push(`${n}: ${slides ? `${slides.pages} pages for ${m.decks[0]!.slides} slides` : 'no slide PDF'}`)
    }
    assert.deepEqual(wrong, [])
  })

  it('prints the PDFs of the subset with exit code 0, one page per slide; --strict with warnings exits 4', async () => {
    assert.equal(pdf.code, 0, pdf.stderr)
    for (const n of [...PDF_SUBSET, ...extraNames]) {
      const m = JSON.parse(await readFile(path.join(out, n, 'manifest.json'), 'utf8')) as Manifest
      const slides = m.pdfs.find((p) => p.kind === 'slides')
      assert.ok(slides, `${n}: slide PDF`)
      assert.equal(slides.pages, m.decks[0]!.slides, `${n}: one page per slide`)
    }
    assert.equal(strict.code, 4, strict.stderr)
  })

  it('every deck: no overflow, small or faint text, broken image, overlap, outside request or page error', () => {
    assert.equal(reports.size, names.length + extraNames.length)
    const all = [...reports.values()].flatMap(problems)
    assert.deepEqual(all, [])
  })

  it('every deck shows at least 99% of its words, footnotes included', async () => {
    const low: string[] = []
    let least = 1
    for (const n of names) {
      const file = path.join(root, DIR, `${n}.adoc`)
      const c = coverage(notesWords(file, { hidden: true, speakerNotes: false }), reports.get(n)!.slides.flatMap((s) => words(s.text)))
      least = Math.min(least, c.share)
      if (c.share < 0.99) low.push(`${n}: ${(c.share * 100).toFixed(1)}% missing ${[...c.missing.keys()].slice(0, 20).join(' ')}`)
    }
    console.log(`# least word coverage of a deck: ${(least * 100).toFixed(1)}%`)
    assert.deepEqual(low, [])
  })

  it('no PDF of the subset shows TeX delimiters (\\( \\[ \\$): formulas are typeset, their source is text', () => {
    const raw: string[] = []
    for (const n of PDF_SUBSET) {
      for (const file of [`${n}.pdf`, `${n}-handout.pdf`]) {
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(out, n, file), '-'], { encoding: 'utf8' })
        if (/\\[([$]/.test(text)) raw.push(`${file}: ${/.{0,30}\\[([$].{0,30}/.exec(text)![0]}`)
      }
    }
    assert.deepEqual(raw, [])
    const math = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(out, 'mathjax', 'mathjax.pdf'), '-'], { encoding: 'utf8' })
    assert.match(math.replace(/\s+/g, ''), /\\sqrt\{37\}/, 'a formula\'s source is in the PDF text')
  })

  describe('rule 1: raw HTML cannot break the deck', () => {
    it('auto-animate-code: the <section>s of a passthrough block are unwrapped, with a warning and its line', async () => {
      assert.match(build.stderr, /auto-animate-code\.adoc:4: warning: .*<section>/)
      const nested = await inDeck<number>('auto-animate-code', `document.querySelectorAll('section.bbl-s section').length`)
      assert.equal(nested, 0)
      assert.ok(reports.get('auto-animate-code')!.slides.some((s) => s.text.includes('circumferenceReducer')), "reports.get('auto-animate-code')!.slides.some((s) => s.text.includes('circumferenceRedu...")
    })
  })

  describe('rule 3: hidden titles stay hidden', () => {
    it('no slide of any deck is titled "!"', () => {
      const bang = names.flatMap((n) => titles(n).filter((t) => t.trim() === '!').map((t) => `${n}: ${t}`))
      assert.deepEqual(bang, [])
    })

    it('concealed-slide-titles: == !, [%notitle] and [%conceal] slides show their text and no title', () => {
      const slides = reports.get('concealed-slide-titles')!.slides
      for (const [body, title] of [['This', '!'], ['titles', 'Presentation'], ['should be concealed', 'Concealed']]) {
        const s = slides.find((x) => x.text.includes(body!))
        assert.ok(s, `the slide with "${body}"`)
        assert.ok(!s.text.includes(title!), `"${title}" hidden: ${s.text}`)
      }
    })
  })

  describe('rule 2: step-by-step highlights step in place', () => {
    it('source-emphasis: every step of a highlight="1|2" listing is drawn exactly over the listing', async () => {
      const moved = await inDeck<string[]>(
        'source-emphasis',
        `(async () => {
          Reveal.configure({ transition: 'none', backgroundTransition: 'none' })
          const out = []
          for (const pre of document.querySelectorAll('.slides pre')) {
            const codes = [...pre.querySelectorAll(':scope > code')]
            if (codes.length < 2) continue
            const section = pre.closest('section.bbl-s')
            const { h, v } = Reveal.getIndices(section)
            Reveal.slide(h, v ?? 0)
            const first = codes[0].getBoundingClientRect()
            for (const [i, c] of codes.slice(1).entries()) {
              Reveal.slide(h, v ?? 0, i)
              await new Promise((r) => setTimeout(r, 300)) // the step fades in (0.2 s)
              const r = c.getBoundingClientRect()
              if (Math.abs(r.top - first.top) > 1 || Math.abs(r.left - first.left) > 1) out.push(\`step \${i + 2} at \${r.left},\${r.top}, listing at \${first.left},\${first.top}\`)
              if (getComputedStyle(c).visibility === 'hidden') out.push(\`step \${i + 2} not shown at its fragment\`)
            }
          }
          return out
        })()`,
      )
      assert.deepEqual(moved, [])
      const steps = await inDeck<number>('source-emphasis', `document.querySelectorAll('.slides pre > code.fragment').length`)
      assert.ok(steps >= 5, `${steps} highlight steps`)
    })

    it('no piece of a split listing in any deck holds fewer than 3 lines', () => {
      const short: string[] = []
      for (const n of [...names, ...extraNames]) {
        const pieces = facts.get(n)!.listings
        pieces.forEach((p, i) => {
          const split = p.cont || pieces[i + 1]?.cont
          if (split && p.lines < 3) short.push(`${n}: a piece of ${p.lines} line(s)`)
        })
      }
      assert.deepEqual(short, [])
    })
  })

  describe('rule 4: new-style backgrounds', () => {
    it('data-background-newstyle: image::x[background|canvas, size=...] is the slide\'s data-background-image, not an <img>', async () => {
      const slides = await inDeck<Array<{ id: string; bg: string | null; size: string | null; imgs: number }>>(
        'data-background-newstyle',
        `[...document.querySelectorAll('.slides section.bbl-s')].map((s) => ({ id: s.id, bg: s.getAttribute('data-background-image'),
          size: s.getAttribute('data-background-size'), imgs: s.querySelectorAll('img').length }))`,
      )
      const at = (id: string) => slides.find((s) => s.id === id)
      assert.deepEqual(at('_opening'), { id: '_opening', bg: 'images/cover.jpg', size: 'cover', imgs: 0 })
      assert.deepEqual(at('_canvas'), { id: '_canvas', bg: 'images/cover.jpg', size: 'cover', imgs: 0 })
      for (const [id, size] of [['_hey', '100px'], ['_here', '200px'], ['_i', '400px'], ['_come', '800px']]) {
        assert.deepEqual(at(id!), { id, bg: 'images/bio.jpg', size, imgs: 0 }, id)
      }
      assert.equal(at('_url_goat')!.bg, null, 'a remote background is not requested')
      assert.match(build.stderr, /data-background-newstyle\.adoc:51: warning: remote image background not loaded/)
      const imgs = await inDeck<string[]>('data-background-newstyle', `[...document.querySelectorAll('.slides img')].map((i) => i.getAttribute('src'))`)
      assert.deepEqual(imgs.filter((src) => /cover|bio/.test(src)), [], 'no background shown as a picture')
    })

    it('video: remote video and iframe backgrounds are dropped with a warning, remote videos become links', () => {
      assert.match(build.stderr, /video\.adoc:32: warning: remote background page left out/)
      assert.match(build.stderr, /video\.adoc:11: warning: YouTube video shown as a link, not embedded .*youtube\.com\/watch\?v=kZH9JtPBq7k/)
      assert.deepEqual(reports.get('video')!.outside, [])
    })
  })

  describe('rule 5: images the author placed stay where the author put them', () => {
    it('images: a floated or right-aligned 400 px image sits beside its bullets on their slide, at 533 px (400 px of the 960-px slide)', async () => {
      const placed = await inDeck<Array<{ title: string; width: number; bullets: number; beside: boolean }>>(
        'images',
        `[...document.querySelectorAll('.slides section.bbl-s')].filter((s) => /Image (Floating|Role Right)/.test(s.innerText)).map((s) => {
          const { h, v } = Reveal.getIndices(s); Reveal.slide(h, v ?? 0)
          const img = s.querySelector('img'), ul = s.querySelector('ul')
          const beside = !!img && !!ul && ul.getBoundingClientRect().right <= img.getBoundingClientRect().left
          return { title: s.querySelector('.bbl-title-text')?.textContent ?? '', width: img ? img.getBoundingClientRect().width / Reveal.getScale() : 0, bullets: s.querySelectorAll('li').length, beside }
        })`,
      )
      // Sizes are scaled from the converter's 960-px slide to bbl's 1280 px (src/slides/sizes.ts): 400 → 533, within 5 %.
      assert.deepEqual(
        placed.map((p) => [p.title, Math.abs(p.width / 533 - 1) <= 0.05, p.bullets, p.beside]),
        [
          ['Image Floating', true, 5, true],
          ['Image Role Right', true, 5, true],
          ['Image Role Right [alt syntax]', true, 3, true],
        ],
        JSON.stringify(placed),
      )
    })

    it('images: a picture with no size or placement still gets a photo slide', async () => {
      const photo = await inDeck<number>('images', `document.querySelectorAll('.slides section.bbl-photo img').length`)
      assert.equal(photo, 1)
    })
  })

  describe('rule 8: a plain deck is shown as its author wrote it', () => {
    it('no deck of the corpus (none has talks) says "recap", thanks the audience or puts the document title above its slides', () => {
      const wording = names.flatMap((n) => facts.get(n)!.wording.map((f) => `${n}: ${f}`))
      assert.deepEqual(wording, [])
      assert.ok(!/recap/i.test([...reports.values()].flatMap((r) => r.slides.map((s) => s.text)).join(' ')), "!/recap/i.test([...reports.values()].flatMap((r) => r.slides.map((s) => s.text)).join('...")
    })

    it('notitle-document: :notitle: hides the title slide; title-slide-color: the title slide takes its background', async () => {
      const first = await inDeck<string>('notitle-document', `document.querySelector('.slides section.bbl-s').id`)
      assert.notEqual(first, 'bbl~title')
      const bg = await inDeck<string | null>('title-slide-color', `document.getElementById('bbl~title').getAttribute('data-background-color')`)
      assert.equal(bg, 'red')
    })

    it('the handout of a plain deck has no invented talk: one section, under the deck\'s title', async () => {
      const m = JSON.parse(await readFile(path.join(out, 'vertical-slides', 'manifest.json'), 'utf8')) as Manifest
      assert.ok(m.pdfs.some((p) => p.kind === 'handout'), "m.pdfs.some((p) => p.kind === 'handout')")
      const text = execFileSync('pdftotext', ['-layout', path.join(out, 'vertical-slides', 'vertical-slides-handout.pdf'), '-'], { encoding: 'utf8' })
      assert.doesNotMatch(text, / · .* · /, 'no header made of section titles joined')
    })
  })

  describe('footnotes', () => {
    /** The slide's foot: number → text, as shown. */
    const foot = (text: string) => new Map([...text.matchAll(/(?:^|\n)(\d+)\. ([^\n]+)/g)].map((m) => [m[1]!, m[2]!.trim()]))

    it('footnotes: each slide shows the footnotes of its text and of its title at its foot, under the number they show', () => {
      const slides = reports.get('footnotes')!.slides
      const cases: Array<[string, Record<string, string>]> = [
        ['Introduction', { 'This is some text.': 'An example footnote.', Introduction: 'A footnote on introduction?!' }],
        ['Footnotes', { 'A statement.': 'Some text.', Footnotes: 'A footnote on footnotes?!' }],
        ['Nested', { Nested: 'A footnote on nested?!' }],
      ]
      for (const [title, refs] of cases) {
        const slide = slides.find((s) => s.title.startsWith(title))
        assert.ok(slide, title)
        const at = foot(slide.text)
        for (const [words, note] of Object.entries(refs)) {
          const n: string | undefined = new RegExp(`${words.replace(/[.?!]/g, '\\$&')}\\[(\\d+)\\]`).exec(slide.text)?.[1]
          assert.ok(n, `${title}: "${words}[n]" in ${slide.text}`)
          assert.equal(at.get(n), note, `${title}: footnote ${n} at the foot`)
        }
      }
    })

    it('footnotes: the titles\' footnote texts are in the slide PDF and the handout', () => {
      for (const file of ['footnotes.pdf', 'footnotes-handout.pdf']) {
        const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(out, 'footnotes', file), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
        for (const note of ['A footnote on introduction?!', 'A footnote on footnotes?!', 'Another one!', 'A footnote on nested?!']) assert.ok(text.includes(note), `${file}: "${note}"`)
      }
    })

    it('footnotes: no number stands for two notes in the deck, and the title\'s notes come before its text\'s', () => {
      const seen = new Map<string, string>()
      for (const s of reports.get('footnotes')!.slides) {
        for (const [n, note] of foot(s.text)) {
          assert.equal(seen.get(n) ?? note, note, `footnote ${n}`)
          seen.set(n, note)
        }
      }
      assert.equal(seen.get('1'), 'A footnote on introduction?!')
      assert.equal(seen.get('2'), 'An example footnote.')
      assert.equal(seen.size, 13)
    })
  })

  describe('rule 6: ids and internal links', () => {
    it('every internal link of every deck lands on a slide', () => {
      const broken = names.flatMap((n) => facts.get(n)!.badLinks.map((h) => `${n}: ${h}`))
      assert.deepEqual(broken, [])
      assert.ok(names.reduce((k, n) => k + facts.get(n)!.links, 0) > 0, 'the corpus has internal links')
    })

    it('every section keeps the id Asciidoctor gives it, on a slide; no id is used twice', async () => {
      const lost: string[] = []
      for (const n of names) {
        const f = facts.get(n)!
        const want = sectionIds(await readFile(path.join(root, DIR, `${n}.adoc`), 'utf8'))
        lost.push(...want.filter((id) => !f.slideIds.includes(id)).map((id) => `${n}: #${id} lost`), ...f.dupIds.map((id) => `${n}: #${id} twice`))
      }
      assert.deepEqual(lost, [])
    })

    it("bbl's own slides use ids no section gets", async () => {
      const own = names.flatMap((n) => facts.get(n)!.ownIds)
      assert.ok(own.length > 0, 'own.length > 0')
      for (const id of own) assert.match(id, /^bbl~/)
      for (const n of names) {
        const ids = sectionIds(await readFile(path.join(root, DIR, `${n}.adoc`), 'utf8'))
        assert.deepEqual(ids.filter((id) => id.startsWith('bbl~')), [], n)
      }
    })
  })
})
