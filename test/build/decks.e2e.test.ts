/**
 * The sample and our own stress notes (test/fixtures/), as the run's shared
 * builds made them (test/helpers/shared.ts: each twice, into two folders); every deck
 * is opened in headless Chromium (test/helpers/deck.ts) and must have no
 * content leaving the slide box, no line box under 18 px, no broken image,
 * no text over text or too faint to read, no request outside its folder, no page error; the
 * speaker view of the sample and of the notes with speaker notes, math or right-to-left text
 * opens offline on the current slide. The recap deck must
 * show at least 99% of the notes' words (footnotes included; speaker notes count in the speaker view), and the two builds must be identical
 * to the byte.
 */
import assert from 'node:assert/strict'
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Browser } from 'puppeteer-core'
import type { Manifest } from '../../src/core/manifest.js'
import { root, type Run } from '../helpers/cli.js'
import { fixture, FIXTURES, SAMPLE, type Shared, shared } from '../helpers/shared.js'
import { pool } from '../helpers/corpus.js'
import { decodeEntities, words } from '../../src/core/text.js'
import {
  closeBrowser,
  coverage,
  type DeckReport,
  inspectDeck,
  launchBrowser,
  openDeck,
  openSpeakerView,
  problems,
  type SpeakerViewReport,
} from '../helpers/deck.js'
import { notesWords } from '../helpers/words.js'
import { SAMPLE_SLIDES, slideLines } from '../helpers/sample-slides.js'


const INPUTS = [SAMPLE, ...FIXTURES.map(fixture)]
const nameOf = (input: string) => path.basename(input, '.adoc')
/**
 * The notes whose speaker view is opened (every deck has the same page script and
 * speaker plugin; its popup loads the deck's own files, which inspectDeck already
 * checks stay in its folder): the sample (photos), and the notes that give the
 * view something of their own to show: speaker notes, math, right-to-left text.
 */
const SPEAKER_VIEW = [SAMPLE, ...['speaker-notes', 'pdf-notes', 'math', 'intl'].map(fixture)].map(nameOf)




/** Every file under `dir`, as sorted relative paths. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort()
}


describe('decks built from the sample and from our stress notes', () => {
  let tmp: string
  /** The shared runs (test/helpers/shared.ts): the sample, and every fixture in one run; each made twice. */
  let sample: Shared
  let fixtures: Shared
  let runs: Run[]
  let browser: Browser
  /** name → deck file → report */
  const reports = new Map<string, Map<string, DeckReport>>()
  const speaker = new Map<string, SpeakerViewReport>()
  const manifests = new Map<string, Manifest>()
  /** The output folder a notes file was built into. */
  const outOf = (name: string) => (name === nameOf(SAMPLE) ? sample.out : fixtures.out)

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-decks-'))
    const launching = launchBrowser()
    ;[sample, fixtures] = await Promise.all([shared('sample'), shared('fixtures')])
    runs = [sample.run, fixtures.run]
    browser = await launching
    if (runs.some((r) => r.code !== 0)) return
    const decks: Array<[string, string]> = []
    for (const input of INPUTS) {
      const name = nameOf(input)
      const m = JSON.parse(await readFile(path.join(outOf(name), name, 'manifest.json'), 'utf8')) as Manifest
      manifests.set(name, m)
      reports.set(name, new Map())
      for (const d of m.decks) decks.push([name, d.file])
    }
    const t0 = Date.now()
    await pool(decks, 3, async ([name, file]) => {
      reports.get(name)!.set(file, await inspectDeck(browser, path.join(outOf(name), name, file)))
    })
    const t1 = Date.now()
    // The speaker view of each notes file's recap and first talk deck (every deck shares its page script), opened on
    // its third slide (a talk's title slide in a recap).
    await pool(speakerDecks(), 4, async ([name, file]) => {
      speaker.set(`${name}/${file}`, await openSpeakerView(browser, path.join(outOf(name), name, file), { h: 2, v: 0 }))
    })
    const slides = [...reports.values()].flatMap((m) => [...m.values()]).reduce((n, r) => n + r.slides.length, 0)
    console.log(`# ${decks.length} decks, ${slides} slides inspected in ${((t1 - t0) / 1000).toFixed(1)} s; speaker views in ${((Date.now() - t1) / 1000).toFixed(1)} s`)
  })

  after(async () => {
    await closeBrowser(browser)
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  /** The recap deck and the first talk deck, if any, of each input of SPEAKER_VIEW. */
  function speakerDecks(): Array<[string, string]> {
    return [...manifests].filter(([name]) => SPEAKER_VIEW.includes(name)).flatMap(([name, m]) => m.decks.filter((d, i) => i === 0 || (d.kind === 'talk' && m.decks[i - 1]!.kind !== 'talk')).map((d): [string, string] => [name, d.file]))
  }

  it('builds everything with exit code 0, warning only about the pictures that are not there', () => {
    for (const r of runs) assert.equal(r.code, 0, r.stderr)
    const warnings = runs.flatMap((r) => r.stderr.split('\n').filter((l) => /warning/.test(l)))
    assert.deepEqual(
      warnings.map((l) => l.replace(/:\s+warning:.*?(image not found: \S+|remote image not downloaded: \S+).*$/, ' $1')),
      [
        'test/fixtures/missing-image.adoc:15 image not found: not-copied-photo.jpg',
        'test/fixtures/missing-image.adoc:19 remote image not downloaded: https://example.com/remote-photo.jpg;',
        'test/fixtures/missing-image.adoc:21 image not found: missing-inline.png',
      ],
    )
  })

  it('builds the sample into a recap deck and 9 talk decks with speakers, company and language', () => {
    const m = manifests.get('dataxday-2018')!
    assert.equal(m.decks[0]!.kind, 'recap')
    const talks = m.decks.filter((d) => d.kind === 'talk')
    assert.deepEqual(
      talks.map((d) => [d.title, d.speakers.join(', '), d.company ?? '', d.lang]),
      [
        ['Machine learning models at scale with Amazon SageMaker', 'Olivier Bergeret', 'AWS', 'fr'],
        ['Kafka beyond the brokers: Stream processing and Monitoring', 'Florent Ramière', 'CONFLUENT', 'fr'],
        ['How to deal with workflows lifecycle in Apache NiFi?', 'Pierre Villard', 'HORTONWORKS', 'en'],
        ['Transforming pictures into memories', 'Adrien Morvan, Cristina Oprean', 'PHOTOBOX', 'fr'],
        ['Exploring graphs: looking for communities & leaders', 'Aurélia Nègre, Alberto Guggiola', 'QUANTMETRY', 'en'],
        ['The internals of query execution in Spark SQL', 'Jacek Laskowski', '', 'en'],
        ['Building a Real Time Analytics API at Scale', 'Sylvain Friquet', 'ALGOLIA', 'en'],
        ['Real-Time Access log analysis', 'Thomas Lamirault', 'BLABLACAR', 'en'],
        ['Closing Keynote', 'Alain Bensoussan', '', 'fr'],
      ],
    )
    // The recap has the 9 talks as vertical stacks, each opening on its title slide.
    const recap = reports.get('dataxday-2018')!.get('index.html')!
    const covers = recap.slides.filter((s) => s.v === 0 && talks.some((t) => s.title === t.title))
    assert.equal(covers.length, 9)
    for (const c of covers) assert.ok(recap.slides.some((s) => s.h === c.h && s.v > 0), `talk "${c.title}" has slides under its title slide`)
    console.log(`# sample: ${m.decks.map((d) => `${d.file} ${d.slides}`).join(', ')}`)
  })

  for (const input of INPUTS) {
    const name = nameOf(input)
    it(`${name}: no overflow, small or faint text, broken image, overlap, outside request or page error in any deck`, () => {
      const decks = reports.get(name)
      assert.ok(decks && decks.size > 0, 'built and inspected')
      const all = [...decks.values()].flatMap(problems)
      assert.deepEqual(all, [])
      for (const r of decks.values()) assert.ok(r.slides.length >= 2, `${r.file} has slides`)
    })

    if (SPEAKER_VIEW.includes(name)) it(`${name}: the speaker view of its recap and of a talk deck opens offline, on the current slide`, () => {
      const files = speakerDecks().filter(([n]) => n === name).map(([, file]) => file)
      assert.equal(files.length, Math.min(2, manifests.get(name)!.decks.length), 'the recap and a talk deck, where there is one')
      for (const file of files) {
        const r = speaker.get(`${name}/${file}`)!
        assert.ok(r.opened, `${file}: the speaker view opened`)
        assert.deepEqual([...r.outside, ...r.failed, ...r.errors], [], `${file}: speaker view requests and errors`)
        assert.ok(r.current, `${file}: the speaker view shows a slide`)
        assert.deepEqual(r.current && { h: r.current.h, v: r.current.v }, r.deck && { h: r.deck.h, v: r.deck.v }, `${file}: on the deck's slide`)
        assert.equal(r.currentText, r.deckText, `${file}: the same slide text`)
      }
    })

    it(`${name}: the recap deck shows at least 99% of the notes' words, footnotes included`, async () => {
      const source = notesWords(input)
      const recap = reports.get(name)!.get('index.html')!
      // Speaker notes count where they are shown: in the speaker view.
      const html = await readFile(path.join(outOf(name), name, 'index.html'), 'utf8')
      const notes = [...html.matchAll(/<aside class="notes">([\s\S]*?)<\/aside>/g)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, ' ')))
      const shown = [...recap.slides.flatMap((s) => words(s.text)), ...notes.flatMap(words)]
      const c = coverage(source, shown)
      const missing = [...c.missing].map(([w, n]) => (n > 1 ? `${w}×${n}` : w)).join(' ')
      console.log(`# ${name}: ${(c.share * 100).toFixed(2)}% of ${c.total} words; missing: ${missing.slice(0, 300)}`)
      assert.ok(c.share >= 0.99, `${(c.share * 100).toFixed(2)}% < 99%; missing: ${missing}`)
    })
  }

  it('shows the sample as before, slide by slide (test/fixtures/sample-slides.txt; after an intended change: npm run update:sample-slides)', async () => {
    const name = 'dataxday-2018'
    const now = slideLines(manifests.get(name)!, reports.get(name)!)
    const want = (await readFile(SAMPLE_SLIDES, 'utf8')).split('\n').slice(0, -1)
    assert.deepEqual(now, want)
  })

  it('builds twice into identical files (the sample with 4 measuring pages and with 2)', async () => {
    const again = await shared('sampleAgain')
    assert.equal(again.run.code, 0, again.run.stderr)
    const a = await listFiles(sample.out)
    assert.deepEqual(await listFiles(again.out), a)
    assert.ok(a.length > 50, 'a.length > 50')
    const differ: string[] = []
    for (const f of a) {
      const [x, y] = await Promise.all([readFile(path.join(sample.out, f)), readFile(path.join(again.out, f))])
      if (!x.equals(y)) differ.push(f)
    }
    assert.deepEqual(differ, [])
  })

  it('builds the fixtures twice into identical decks (bbl pdf with 4 measuring pages, bbl build with 2)', async () => {
    const again = await shared('fixturesAgain')
    assert.equal(again.run.code, 0, again.run.stderr)
    // The output, not the cache (bbl build also keeps a record of what it built there, to skip an unchanged rebuild).
    const output = (f: string) => !f.startsWith('.bbl-cache')
    const built = (await listFiles(again.out)).filter(output)
    // bbl pdf wrote the same files and its PDFs; only the landing page and manifests also list the PDFs.
    assert.deepEqual((await listFiles(fixtures.out)).filter((f) => output(f) && !f.endsWith('.pdf')), built)
    assert.ok(built.length > 50, 'built.length > 50')
    const withoutPdfs = (b: Buffer, f: string) => (f.endsWith('manifest.json') ? JSON.stringify({ ...JSON.parse(b.toString()), pdfs: [] }) : b.toString('base64'))
    const differ: string[] = []
    for (const f of built.filter((f) => f !== 'index.html')) {
      const [x, y] = await Promise.all([readFile(path.join(fixtures.out, f)), readFile(path.join(again.out, f))])
      if (withoutPdfs(x, f) !== withoutPdfs(y, f)) differ.push(f)
    }
    assert.deepEqual(differ, [])
  })

  it('the inspector itself catches each kind of problem (a deck broken on purpose)', async () => {
    // A copy of a good deck, with one of each fault added to a slide, and no speaker view.
    const dir = path.join(tmp, 'broken', 'no-talks')
    await cp(path.join(fixtures.out, 'no-talks'), dir, { recursive: true })
    const file = path.join(dir, 'index.html')
    const faults = `<section class="bbl-s"><div class="bbl-slide"><div class="bbl-body">
<p style="width: 1500px">This paragraph is wider than the slide.</p>
<p style="font-size: 10px; line-height: 12px">This text is too small to read.</p>
<p style="color: #e8e8e8">This text is too faint to read.</p>
<img src="images/not-there.png" alt="">
<p><span style="position: absolute; left: 100px; top: 400px">first text</span><span style="position: absolute; left: 110px; top: 400px">second text</span></p>
<p>Untypeset math: \\(O(n \\log n)\\) and \\$sqrt(x)\\$.</p><pre><code>re.compile(r"\\(")</code></pre>
</div></div></section>`
    const html = (await readFile(file, 'utf8'))
      .replace('<div class="slides">', `<div class="slides">\n${faults}`)
      .replace('</head>', '<link rel="stylesheet" href="https://example.com/font.css">\n<script>throw new Error("boom")</script>\n</head>')
      .replace(/<script src="assets\/reveal\/plugin\/notes\.js"><\/script>/, '')
    await writeFile(file, html)
    const r = await inspectDeck(browser, file)
    const first = r.slides[0]!
    assert.ok(first.overflow.some((o) => o.includes('wider than the slide')), 'overflow')
    assert.ok(first.small.some((o) => o.includes('too small')), 'small text')
    assert.deepEqual(first.broken, ['images/not-there.png'])
    assert.ok(first.overlap.some((o) => o.includes('first text') && o.includes('second text')), 'overlap')
    assert.ok(first.faint.some((o) => o.includes('too faint')) && !first.faint.some((o) => o.includes('too small')), 'faint text')
    assert.deepEqual(first.tex, ['"Untypeset math: \\(O(n \\log n)\\) and \\$sqrt(x)\\$."'], 'raw TeX, not the code that shows it')
    assert.deepEqual(r.outside, ['https://example.com/font.css'])
    assert.ok(r.failed.some((f) => f.includes('not-there.png')), 'failed request')
    assert.ok(r.errors.some((e) => e.includes('boom')), 'page error')
    assert.ok(r.slides.slice(1).every((s) => s.overflow.length + s.small.length + s.broken.length + s.overlap.length + s.faint.length + s.tex.length === 0), 'other slides clean')
    const sv = await openSpeakerView(browser, file, { h: 1, v: 0 }, 2_000)
    assert.equal(sv.opened, false, 'no speaker view without the notes plugin')
    assert.equal(coverage(['a', 'b', 'b', 'c'], ['b', 'a', 'x']).share, 0.5)
  })

  describe('what each stress note must show', () => {
    const deckText = (name: string, file = 'index.html') => reports.get(name)!.get(file)!.slides.map((s) => s.text).join('\n')
    const slidesOf = (name: string, file = 'index.html') => reports.get(name)!.get(file)!.slides

    it('long-talk: its 3,000 words are split over numbered "Notes (n/N)" slides, in order', async () => {
      const slides = slidesOf('long-talk').filter((s) => /^Notes$/.test(s.title))
      assert.ok(slides.length >= 10, `${slides.length} notes slides`)
      const counts = slides.map((s) => /\((\d+)\/(\d+)\)/.exec(s.text)?.slice(1).map(Number))
      assert.deepEqual(
        counts,
        slides.map((_, i) => [i + 1, slides.length]),
      )
      assert.ok(words(slides.map((s) => s.text).join(' ')).length >= 2500, "words(slides.map((s) => s.text).join(' ')).length >= 2500")
    })

    it('table: the 60 rows are all there, in order, and every continuation repeats the header row', async () => {
      const { page } = await openDeck(browser, path.join(fixtures.out, 'table', 'index.html'))
      try {
        const tables = (await page.evaluate(`[...document.querySelectorAll('section.bbl-s table.tableblock')].map((t) => ({
          head: [...t.querySelectorAll('thead th')].map((th) => th.textContent.trim()).join('|'),
          first: [...t.querySelectorAll('tbody tr')].map((tr) => tr.cells[0].textContent.trim()),
        }))`)) as Array<{ head: string; first: string[] }>
        const big = tables.filter((t) => t.head === '#|System|Throughput|p99|Setup')
        assert.ok(big.length >= 3, `the 60-row table spans ${big.length} slides`)
        assert.deepEqual(
          big.flatMap((t) => t.first),
          Array.from({ length: 60 }, (_, i) => String(i + 1)),
        )
        const tall = tables.filter((t) => t.head === 'Topic|Details')
        assert.deepEqual(
          tall.flatMap((t) => t.first),
          ['Finding 1', 'Finding 2', 'Finding 3', 'Finding 4', 'Finding 5'],
        )
      } finally {
        await page.close()
      }
    })

    it('listing: every piece of a split source listing is still highlighted', async () => {
      const { page } = await openDeck(browser, path.join(fixtures.out, 'listing', 'index.html'))
      try {
        const pieces = (await page.evaluate(`[...document.querySelectorAll('section.bbl-s pre.highlightjs')].map((pre) => {
          const code = pre.querySelector(':scope > code')
          return { lang: code?.dataset.lang ?? '', hljs: !!code?.classList.contains('hljs'), colored: pre.querySelectorAll('[class^="hljs-"]').length }
        })`)) as Array<{ lang: string; hljs: boolean; colored: number }>
        assert.ok(pieces.length >= 10, `${pieces.length} pieces`)
        assert.deepEqual(
          pieces.filter((p) => !p.hljs || !p.lang || p.colored === 0),
          [],
          'pieces without their <code data-lang> or not highlighted',
        )
      } finally {
        await page.close()
      }
    })

    it('listing: the 100 lines of each listing are all there, in order', async () => {
      const text = deckText('listing')
      const literal = [...text.matchAll(/^line (\d+):/gm)].map((m) => Number(m[1]))
      assert.deepEqual(
        literal,
        Array.from({ length: 100 }, (_, i) => i + 1),
      )
      const yaml = [...text.matchAll(/^\s*(?:step-(\d+):|stage-(\d+):)/gm)].map((m) => (m[1] ? Number(m[1]) : Number(m[2]) * 10))
      assert.deepEqual(
        yaml,
        Array.from({ length: 100 }, (_, i) => i),
      )
      assert.equal((text.match(/public Optional<Order> handle/g) ?? []).length, (await readFile(path.join(root, 'test/fixtures/listing.adoc'), 'utf8')).match(/public Optional<Order> handle/g)!.length)
    })

    it('photos: 20 photos in a row each get a slide; phone photos are shown upright', async () => {
      const { page } = await openDeck(browser, path.join(fixtures.out, 'photos', 'index.html'))
      try {
        const imgs = (await page.evaluate(`[...document.querySelectorAll('section.bbl-s img')].map((i) => ({
          src: i.getAttribute('src'), w: i.naturalWidth, h: i.naturalHeight,
          slide: i.closest('section.bbl-s').querySelectorAll('img').length,
        }))`)) as Array<{ src: string; w: number; h: number; slide: number }>
        const series = imgs.filter((i) => /talk-photo-\d+/.test(i.src))
        for (let n = 1; n <= 20; n++) assert.ok(series.some((i) => i.src.endsWith(`talk-photo-${String(n).padStart(2, '0')}.jpg`)), `photo ${n} shown`)
        for (const i of series) assert.equal(i.slide, 1, `${i.src} has a slide of its own`)
        const phone = imgs.filter((i) => /phone-/.test(i.src))
        assert.ok(phone.length >= 4, 'phone.length >= 4')
        for (const i of phone) assert.ok(i.h > i.w, `${i.src} upright (${i.w}×${i.h})`)
      } finally {
        await page.close()
      }
    })

    it('lists: all five levels are on the slides, continued items repeat their text', async () => {
      const { page } = await openDeck(browser, path.join(fixtures.out, 'lists', 'index.html'))
      try {
        const depth = (await page.evaluate(`Math.max(...[...document.querySelectorAll('section.bbl-s li')].map((li) => {
          let d = 0; for (let n = li; n; n = n.parentElement?.closest('li')) d++; return d }))`)) as number
        assert.ok(depth >= 5, `deepest item at level ${depth}`)
        assert.ok((await page.evaluate(`document.querySelectorAll('li.bbl-cont').length`)) as number > 0, 'continued items carry their context')
      } finally {
        await page.close()
      }
      assert.match(deckText('lists'), /Quinto nivel: una decisión antigua se marca como reemplazada, nunca se borra/)
    })

    it('intl: right-to-left paragraphs and list items run right to left, from the right edge', async () => {
      const { page } = await openDeck(browser, path.join(fixtures.out, 'intl', 'index.html'))
      try {
        const rtl = (await page.evaluate(`(() => {
          const out = []
          for (const section of Reveal.getSlides()) {
            const { h, v } = Reveal.getIndices(section)
            Reveal.slide(h, v ?? 0)
            const body = section.querySelector('.bbl-body')
            if (!body) continue
            const b = body.getBoundingClientRect()
            for (const p of section.querySelectorAll('.bbl-body p, .bbl-body li')) {
              // Blocks whose text starts in Arabic or Hebrew (agenda lines run in the deck's direction).
              if (p.closest('.bbl-agenda') || !/^[^\\p{L}]*[\\p{Script=Arabic}\\p{Script=Hebrew}]/u.test(p.textContent)) continue
              const r = document.createRange(); r.selectNodeContents(p)
              const right = Math.max(...[...r.getClientRects()].map((l) => l.right))
              const li = p.closest('li')
              const edge = p.matches('li') ? p.getBoundingClientRect().right : li ? li.getBoundingClientRect().right : b.right
              out.push({ text: p.textContent.trim().slice(0, 30), dir: getComputedStyle(p).direction, gap: edge - right })
            }
          }
          return out
        })()`)) as Array<{ text: string; dir: string; gap: number }>
        assert.ok(rtl.length >= 8, `${rtl.length} right-to-left paragraphs and items`)
        for (const p of rtl) {
          // An item's direction puts its bullet on the right; its text starts at the right edge.
          assert.equal(p.dir, 'rtl', `"${p.text}" runs right to left`)
          assert.ok(p.gap < 2, `"${p.text}" starts ${p.gap.toFixed(0)} px from the right edge`)
        }
      } finally {
        await page.close()
      }
    })

    it('no-talks: a recap deck only, with no agenda', () => {
      const m = manifests.get('no-talks')!
      assert.deepEqual(
        m.decks.map((d) => d.kind),
        ['recap'],
      )
      assert.ok(!slidesOf('no-talks').some((s) => /agenda|programme/i.test(s.title)), "!slidesOf('no-talks').some((s) => /agenda|programme/i.test(s.title))")
    })

    it('missing-image: placeholders name the missing files, the remote picture is a link, the manifest lists them', async () => {
      const { page } = await openDeck(browser, path.join(fixtures.out, 'missing-image', 'index.html'))
      try {
        const found = (await page.evaluate(`({
          missing: [...document.querySelectorAll('.bbl-missing')].map((e) => e.textContent),
          links: [...document.querySelectorAll('.bbl-missing a')].map((a) => a.getAttribute('href')),
        })`)) as { missing: string[]; links: string[] }
        assert.ok(found.missing.some((t) => t.includes('not-copied-photo.jpg')), "found.missing.some((t) => t.includes('not-copied-photo.jpg'))")
        assert.ok(found.missing.some((t) => t.includes('missing-inline.png')), "found.missing.some((t) => t.includes('missing-inline.png'))")
        assert.deepEqual(found.links, ['https://example.com/remote-photo.jpg'])
      } finally {
        await page.close()
      }
      const m = manifests.get('missing-image')!
      assert.deepEqual(
        m.images.map((i) => [i.source, i.status]),
        [
          ['not-copied-photo.jpg', 'missing'],
          ['https://example.com/remote-photo.jpg', 'remote'],
          ['missing-inline.png', 'missing'],
          ['talk-photo-04.jpg', 'ok'],
        ],
      )
      assert.deepEqual(
        m.warnings.map((w) => [w.code, w.line]),
        [
          ['IMAGE_MISSING', 15],
          ['IMAGE_REMOTE', 19],
          ['IMAGE_MISSING', 21],
        ],
      )
    })

    it('mapping-*: speakers, company, language and highlight of talks written in other ways', () => {
      const talks = (name: string) =>
        manifests
          .get(name)!
          .decks.filter((d) => d.kind === 'talk')
          .map((d) => [d.title, d.speakers.join(', '), d.company ?? '', d.lang, d.highlight])
      assert.deepEqual(talks('mapping-en'), [
        ['Keynote: The Future of Platform Engineering', 'Ada Brooks, Ben Carter', '', 'en', true],
        ['Zero-downtime database migrations', 'Chen Wei, Dana Scott, Eli Novak', 'Datastore Inc', 'en', false],
        ['Chaos engineering for the rest of us', 'Fatima Ali', 'CHAOSCO', 'en', false],
        ['Observability on a budget', 'Gabriel Moreau', '', 'en', false],
      ])
      assert.deepEqual(talks('mapping-de'), [
        ['Kubernetes im Mittelstand', 'Klaus Becker, Petra Wolf', 'CLOUDWERK', 'de', true],
        ['Sichere Lieferketten für Software', 'Hannah Klein, Jonas Richter, Sven Meyer', 'SECURECHAIN', 'en', false],
        ['Barrierefreiheit im Web', 'Mia Schulz', '', 'de', false],
      ])
      assert.deepEqual(talks('mapping-fr'), [
        ['Le TDD sans dogme', 'Xavier Morel, Yasmine Haddad', 'ARTISANS', 'fr', false],
        ['Domain-Driven Design en pratique', 'Zoé Lambert', 'Conseil & Co', 'en', true],
        ['Atelier : refactoring de code legacy', 'Thomas Girard', '', 'fr', false],
        ['Closing Keynote', 'Nadia Benali', '', 'fr', false],
      ])
      assert.deepEqual(talks('photos').map((t) => t[1]), ['Camille Durand, Jean Martin', 'Ana Lima, Bruno Costa, Chloé Petit'])
      assert.deepEqual(talks('intl').map((t) => [t[1], t[3]]), [
        ['张伟, 李娜', 'zh'],
        ['山田太郎', 'ja'],
        ['김민수', 'ko'],
        ['أحمد خالد', 'ar'],
        ['נועה כהן', 'he'],
        ['Zoë Émoji-Ñandú', 'zh'],
      ])
    })
  })
})
