/**
 * bbl pdf, end to end: the CLI runs in-process (main() returns the exit code)
 * on the sample notes and on fixtures, and the tests read the PDFs it writes
 * (pages, sizes, outline with pdf-lib; text and word boxes with poppler's
 * pdftotext), never their bytes against a snapshot.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import type { Manifest } from '../../src/core/manifest.js'
import { bblMain, type Run } from '../helpers/cli.js'
import { shared } from '../helpers/shared.js'
import { type Entry, outline } from '../helpers/pdf.js'
import { words } from '../../src/core/text.js'
import { notesWords, presence } from '../helpers/words.js'

/** As a reader searching the PDF finds words: ligatures (ﬀ, ﬁ) count as their letters. */
const nfkc = (w: string) => w.normalize('NFKC')

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const SAMPLE = 'decks/dataxday-2018.adoc'
const NOTES_FIXTURE = path.join(repo, 'test', 'fixtures', 'pdf-notes.adoc')

const bbl = (argv: string[], cwd = repo, env: Record<string, string> = {}) => bblMain(argv, cwd, env)

// ---------------------------------------------------------------- reading PDFs

const pdftotext = (file: string, ...args: string[]) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { maxBuffer: 64 << 20 }).toString()

/** Words as a reader searching the PDF finds them: ligatures (ﬀ, ﬁ) count as their letters. */
const pdfWords = (file: string) => new Set(words(pdftotext(file).normalize('NFKC')))

/** Every word's box, page by page (pdftotext -bbox), in points. */
function wordBoxes(file: string): Array<{ w: number; h: number; words: Array<{ text: string; x0: number; y0: number; x1: number; y1: number }> }> {
  const html = pdftotext(file, '-bbox')
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].map((m) => ({
    w: Number(m[1]),
    h: Number(m[2]),
    words: [...m[3]!.matchAll(/<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">([^<]*)<\/word>/g)].map((w) => ({
      x0: Number(w[1]),
      y0: Number(w[2]),
      x1: Number(w[3]),
      y1: Number(w[4]),
      text: w[5]!,
    })),
  }))
}

const flat = (entries: Entry[]): Entry[] => entries.flatMap((e) => [e, ...flat(e.children)])

// ---------------------------------------------------------------- the sample

describe('bbl pdf on the sample', () => {
  /** The sample's shared `bbl pdf` run (test/helpers/shared.ts, SOURCE_DATE_EPOCH set): read only. */
  let out: string
  let dir: string
  let first: Run
  let manifest: Manifest
  const name = 'dataxday-2018'

  before(async () => {
    const built = await shared('sample')
    ;[out, first] = [built.out, built.run]
    dir = path.join(out, name)
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
  })

  it('writes the slide PDF, the handout and one PDF per talk, and lists them in the manifest', async () => {
    assert.equal(first.code, 0, first.stderr)
    const talks = manifest.decks.filter((d) => d.kind === 'talk')
    assert.equal(talks.length, 9)
    const files = (await readdir(dir)).filter((f) => f.endsWith('.pdf')).sort()
    const expected = [`${name}.pdf`, `${name}-handout.pdf`, ...talks.map((d) => d.file.replace(/\.html$/, '.pdf'))].sort()
    assert.deepEqual(files, expected)
    assert.deepEqual(manifest.pdfs.map((p) => p.file).sort(), expected)
    for (const p of manifest.pdfs) assert.equal((await outline(path.join(dir, p.file))).pages, p.pages, p.file)
    assert.deepEqual(manifest.pdfs.map((p) => p.kind).filter((k) => k !== 'talk'), ['slides', 'handout'])
    const landing = await readFile(path.join(out, 'index.html'), 'utf8')
    for (const p of manifest.pdfs) assert.ok(landing.includes(`${name}/${p.file}`), `landing page links ${p.file}`)
  })

  it('gives one 16:9 page per slide, for the recap and for every talk', async () => {
    for (const d of manifest.decks) {
      const file = d.kind === 'recap' ? `${name}.pdf` : d.file.replace(/\.html$/, '.pdf')
      const pdf = await outline(path.join(dir, file))
      assert.equal(pdf.pages, d.slides, `${file}: one page per slide`)
      for (const [w, h] of pdf.sizes) {
        assert.ok(Math.abs(w - 960) < 1 && Math.abs(h - 540) < 1, `${file}: ${w}×${h} pt`)
      }
    }
  })

  it('has an outline with every talk and its slides under it, and the notes\' title and author', async () => {
    const pdf = await outline(path.join(dir, `${name}.pdf`))
    const all = flat(pdf.entries)
    assert.equal(all.length, pdf.pages, 'one outline entry per slide')
    assert.deepEqual(
      all.map((e) => e.page),
      [...Array(pdf.pages).keys()],
      'entries in page order',
    )
    for (const t of manifest.decks.filter((d) => d.kind === 'talk')) {
      const entry = pdf.entries.find((e) => e.title === t.title)
      assert.ok(entry, `outline names "${t.title}"`)
      assert.equal(entry.children.length, t.slides - 2, `"${t.title}": its slides under it (the talk deck adds its closing slide)`)
    }
    assert.equal(pdf.info['Title'], manifest.title)
    assert.equal(pdf.info['Author'], manifest.author)
    assert.match(pdf.info['CreationDate'] ?? '', /^D:20231114/)
  })

  it('keeps links clickable: the web, and the agenda to each talk', () => {
    const urls = execFileSync('pdfinfo', ['-url', path.join(dir, `${name}.pdf`)]).toString()
    assert.match(urls, /https:\/\/dataxday\.fr/)
    assert.doesNotMatch(urls, /file:/, 'no link into the build folder')
    const dests = execFileSync('pdfinfo', ['-dests', path.join(dir, `${name}.pdf`)]).toString()
    for (const t of manifest.decks.filter((d) => d.kind === 'talk')) assert.ok(dests.includes(`"${t.slug}"`), `agenda link target ${t.slug}`)
  })

  it('makes at least 98% of the notes\' words searchable, in the slides and in the handout', async () => {
    const want = notesWords(SAMPLE).map(nfkc)
    for (const file of [`${name}.pdf`, `${name}-handout.pdf`]) {
      const c = presence(want, pdfWords(path.join(dir, file)))
      assert.ok(c.ratio >= 0.98, `${file}: ${(c.ratio * 100).toFixed(2)}% of ${want.length} words; missing: ${c.missing.join(' ')}`)
      assert.doesNotMatch(pdftotext(path.join(dir, file)), /\\[([$]/, `${file}: no TeX delimiters`)
    }
  })

  it('prints an A4 handout: a cover with the talks and their pages, numbered pages, an outline entry per talk', async () => {
    const file = path.join(dir, `${name}-handout.pdf`)
    const pdf = await outline(file)
    for (const [w, h] of pdf.sizes) assert.ok(Math.abs(w - 595.28) < 1 && Math.abs(h - 841.89) < 1, `A4: ${w}×${h} pt`)
    const talks = manifest.decks.filter((d) => d.kind === 'talk')
    for (const t of talks) assert.ok(pdf.entries.some((e) => e.title.endsWith(t.title)), `outline names "${t.title}"`)

    const pages = pdftotext(file).split('\f').slice(0, pdf.pages)
    for (const [i, text] of pages.entries()) assert.ok(text.includes(`${i + 1} / ${pdf.pages}`), `page ${i + 1} is numbered`)
    // The cover's page numbers are those of the talks' first pages.
    const cover = pdftotext(file, '-layout', '-f', '1', '-l', '1').split('\n')
    for (const [i, t] of talks.entries()) {
      const entry = pdf.entries.find((e) => e.title.endsWith(t.title))!
      const line = cover.find((l) => l.trim().startsWith(`${i + 1}.`))
      assert.ok(line, `cover lists talk ${i + 1}`)
      assert.equal(Number(/(\d+)\s*$/.exec(line)?.[1]), entry.page + 1, `cover: "${t.title}" on page ${entry.page + 1}`)
      assert.ok(pages[entry.page]!.includes(t.speakers[0] ?? t.title), `page ${entry.page + 1} starts "${t.title}" with its speakers`)
    }
  })

  it('cuts nothing at a page edge', () => {
    for (const file of [`${name}.pdf`, `${name}-handout.pdf`, 'closing-keynote.pdf']) {
      for (const [i, page] of wordBoxes(path.join(dir, file)).entries()) {
        for (const w of page.words) {
          assert.ok(w.x0 >= -0.5 && w.y0 >= -0.5 && w.x1 <= page.w + 0.5 && w.y1 <= page.h + 0.5, `${file} p.${i + 1}: "${w.text}" leaves the page`)
        }
        if (file.endsWith('-handout.pdf')) {
          // Nothing between the content area's bottom (16 mm) and the footer's line (11 mm).
          const bottom = page.h - (16 * 72) / 25.4
          const foot = page.h - (11 * 72) / 25.4
          for (const w of page.words) assert.ok(w.y1 <= bottom + 1 || w.y0 >= foot - 12, `${file} p.${i + 1}: "${w.text}" runs into the bottom margin`)
        }
      }
    }
  })

  it('gives the same pages, text and bytes on a second run with SOURCE_DATE_EPOCH', async () => {
    // The same command again, with 2 measuring pages instead of 4.
    const second = await shared('sampleAgain')
    assert.equal(second.run.code, 0, second.run.stderr)
    for (const p of manifest.pdfs) {
      const a = path.join(dir, p.file)
      const b = path.join(second.out, name, p.file)
      assert.equal((await outline(b)).pages, p.pages, p.file)
      assert.equal(pdftotext(b), pdftotext(a), `${p.file}: same text`)
      assert.ok((await readFile(a)).equals(await readFile(b)), `${p.file}: same bytes`)
    }
  })
})

// ---------------------------------------------------------------- speaker notes, layouts, failures

describe('bbl pdf with speaker notes', () => {
  let project: string
  // Absolute, so that the test itself can read the notes too (its words, its variants).
  let notes: string
  let first: Run
  const pdfs = () => path.join(project, 'dist', 'conf')
  const snapshot = async () => {
    const files = (await readdir(pdfs())).filter((f) => f.endsWith('.pdf')).sort()
    return Promise.all(files.map(async (f) => [f, (await readFile(path.join(pdfs(), f))).toString('base64')] as const))
  }

  before(async () => {
    project = await mkdtemp(path.join(os.tmpdir(), 'bbl-pdf-notes-'))
    await mkdir(path.join(project, 'decks'))
    notes = path.join(project, 'decks', 'conf.adoc')
    await copyFile(NOTES_FIXTURE, notes)
    // Made here, not by the first test: the failure tests below check that these PDFs survive.
    first = await bbl(['pdf', notes], project)
  })
  after(async () => {
    await rm(project, { recursive: true, force: true })
  })

  it('puts every slide\'s notes in the handout, continuing long notes on the next page', async () => {
    assert.equal(first.code, 0, first.stderr)
    const file = path.join(pdfs(), 'conf-handout.pdf')
    const want = notesWords(notes).map(nfkc)
    const c = presence(want, pdfWords(file))
    assert.ok(c.ratio >= 0.98, `${(c.ratio * 100).toFixed(2)}% of ${want.length} words; missing: ${c.missing.join(' ')}`)
    const pages = pdftotext(file).split('\f')
    const start = pages.findIndex((p) => p.includes('This is the long one'))
    const end = pages.findIndex((p) => /zanzibar\s+quokka\s+marmalade/.test(p))
    assert.ok(start > 0 && end > start, `long notes run from page ${start + 1} to page ${end + 1}`)
    assert.match(pages[end]!, /Notes \(continued\)/)
    // The slide PDF holds the slides (fragments shown), not the speaker notes.
    const slides = pdftotext(path.join(pdfs(), 'conf.pdf'))
    assert.match(slides, /second argument révélé ensuite/)
    assert.doesNotMatch(slides, /quokka/)
  })

  it('lays out 6 slides a page on Letter paper, without talk PDFs', async () => {
    const out = path.join(project, 'letter')
    const r = await bbl(['pdf', notes, '--out', out, '--layout', '6', '--paper', 'letter', '--no-talks'], project)
    assert.equal(r.code, 0, r.stderr)
    const files = (await readdir(path.join(out, 'conf'))).filter((f) => f.endsWith('.pdf')).sort()
    assert.deepEqual(files, ['conf-handout.pdf', 'conf.pdf'])
    const file = path.join(out, 'conf', 'conf-handout.pdf')
    const pdf = await outline(file)
    for (const [w, h] of pdf.sizes) assert.ok(Math.abs(w - 612) < 1 && Math.abs(h - 792) < 1, `Letter: ${w}×${h} pt`)
    const c = presence(notesWords(notes).map(nfkc), pdfWords(file))
    assert.ok(c.ratio >= 0.98, `${(c.ratio * 100).toFixed(2)}%; missing: ${c.missing.join(' ')}`)
  })

  it('without a browser: exit 5, one line, the earlier PDFs kept', async () => {
    const before = await snapshot()
    assert.ok(before.length > 0, 'before.length > 0')
    const r = await bbl(['pdf', notes, '--browser', '/nonexistent/chrome'], project)
    assert.equal(r.code, 5)
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    assert.match(r.stderr, /\/nonexistent\/chrome/)
    assert.deepEqual(await snapshot(), before)
  })

  it('a page that hangs: exit 6 naming the deck, the earlier PDFs kept', async () => {
    const before = await snapshot()
    const text = await readFile(NOTES_FIXTURE, 'utf8')
    await writeFile(notes, text.replace('==== Avis', '++++\n<script>while (true) {}</script>\n++++\n\n==== Avis'))
    try {
      const r = await bbl(['pdf', notes, '--timeout', '2'], project)
      assert.equal(r.code, 6, r.stderr)
      assert.match(r.stderr, /bbl: decks\/conf\.adoc: .*dist\/conf\/[\w-]+\.html.* did not finish/)
      assert.deepEqual(await snapshot(), before)
      assert.ok(!(await readdir(path.join(project, 'dist'))).some((f) => f.startsWith('.bbl-tmp')), 'no temporary folder left')
    } finally {
      await copyFile(NOTES_FIXTURE, notes)
    }
  })

  it('a deck whose script requests the network: warnings; with --strict, exit 4 and the earlier PDFs kept', async () => {
    const before = await snapshot()
    const text = await readFile(NOTES_FIXTURE, 'utf8')
    // A script, so that only the exported deck (not the build's measuring page) makes the request.
    await writeFile(notes, text.replace('==== Avis', "++++\n<script>new Image().src = 'http://127.0.0.1:9/x.png'</script>\n++++\n\n==== Avis"))
    try {
      const strict = await bbl(['pdf', notes, '--strict'], project)
      // The script itself is a warning (it runs when the deck opens): --strict stops there, before printing.
      assert.equal(strict.code, 4, strict.stderr)
      assert.match(strict.stderr, /conf\.adoc:\d+: warning: a <script> in a passthrough block runs when the deck opens/)
      assert.deepEqual(await snapshot(), before)

      const lax = await bbl(['pdf', notes], project)
      assert.equal(lax.code, 0, lax.stderr)
      assert.match(lax.stderr, /warning: .*blocked a request outside the deck folder: http:\/\/127\.0\.0\.1:9\/x\.png/)
      const manifest = JSON.parse(await readFile(path.join(pdfs(), 'manifest.json'), 'utf8')) as Manifest
      assert.ok(manifest.warnings.some((w) => w.code === 'NETWORK_REQUEST'), "manifest.warnings.some((w) => w.code === 'NETWORK_REQUEST')")
      assert.ok(existsSync(path.join(pdfs(), 'conf.pdf')), "existsSync(path.join(pdfs(), 'conf.pdf'))")
    } finally {
      await copyFile(NOTES_FIXTURE, notes)
    }
  })
})
