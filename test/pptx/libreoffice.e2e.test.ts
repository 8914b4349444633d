/**
 * bbl pptx in a real client: the sample's PowerPoint files and those of notes
 * with long titles, code, tables, CJK and right-to-left text, converted to PDF
 * by LibreOffice Impress and read back with pdftotext (test/helpers/libreoffice.ts):
 * no word printed over another line, no word cut across two lines, one page per
 * slide, the words all there (the slides' and the notes'). Skipped where LibreOffice is missing, saying so;
 * under CI a missing LibreOffice fails (.ci/run installs it).
 *
 * LibreOffice is given, besides the machine's fonts, the deck's own fallback
 * fonts (assets/fonts/fallback: Noto CJK, Arabic, Hebrew, emoji), as a client
 * machine has fonts for these scripts: a test machine without any would show
 * empty boxes, and nothing would be checked.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { assetsDir } from '../../src/core/paths.js'
import { bblMain, root } from '../helpers/cli.js'
import { bboxPages, convertToPdf, coverageWords, cuts, overlaps, pdfText, sofficeSkip } from '../helpers/libreoffice.js'
import { notesWords, presence } from '../helpers/words.js'
import { readPptx, type Shape } from '../helpers/pptx.js'
import { seedCache } from '../helpers/shared.js'

const NOTES = ['decks/dataxday-2018.adoc', 'test/fixtures/long-title.adoc', 'test/fixtures/listing.adoc', 'test/fixtures/table.adoc', 'test/fixtures/intl.adoc', 'test/fixtures/floats.adoc']

/** Whether two boxes (EMU) share more than a sliver. */
const overlap = (a: Shape, b: Shape) => Math.min(a.x + a.cx, b.x + b.cx) - Math.max(a.x, b.x) > 12700 && Math.min(a.y + a.cy, b.y + b.cy) - Math.max(a.y, b.y) > 12700

describe('bbl pptx, as LibreOffice Impress shows the files', { skip: sofficeSkip() }, () => {
  let out: string
  const files: Array<{ pptx: string; pdf: string }> = []

  before(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'bbl-pptx-lo-'))
    // One run for all the notes, on the shared builds' caches (photos and layouts read, not made again).
    await seedCache('sample', out)
    await seedCache('fixtures', out)
    const run = await bblMain(['pptx', ...NOTES, '--out', out, '--quiet'], root)
    assert.equal(run.code, 0, run.stderr)
    const pptx: string[] = []
    for (const dir of await readdir(out, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue
      for (const f of await readdir(path.join(out, dir.name))) if (f.endsWith('.pptx')) pptx.push(path.join(out, dir.name, f))
    }
    const conf = path.join(out, 'fonts.conf')
    await writeFile(
      conf,
      `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${path.join(assetsDir, 'fonts', 'fallback')}</dir><cachedir>${path.join(out, 'fc-cache')}</cachedir></fontconfig>`,
    )
    const pdfDir = path.join(out, 'converted')
    // Names are unique across the notes (a talk's slug, a notes file's name).
    assert.equal(new Set(pptx.map((f) => path.basename(f))).size, pptx.length)
    const pdfs = await convertToPdf(pptx, pdfDir, { FONTCONFIG_FILE: conf })
    files.push(...pptx.map((f, i) => ({ pptx: f, pdf: pdfs[i]! })))
  })
  after(async () => {
    await rm(out, { recursive: true, force: true })
  })

  it('converts every file of the sample and the fixtures', () => {
    // The sample's recap and 9 talks; long-title 1 + 2, listing 1 + 1, table 1 + 1, intl 1 + 6, floats 1 + 1.
    assert.equal(files.length, 10 + 3 + 2 + 2 + 7 + 2)
  })

  it('shows no word over another line, no word cut across lines, one page per slide, every word', async () => {
    const problems: string[] = []
    for (const f of files) {
      const name = path.basename(f.pptx)
      const p = await readPptx(f.pptx)
      const pages = await bboxPages(f.pdf)
      if (pages.length !== p.slides.length) problems.push(`${name}: ${pages.length} pages for ${p.slides.length} slides`)
      for (const o of overlaps(pages)) problems.push(`${name} page ${o.page}: "${o.a}" over "${o.b}"`)
      for (const c of cuts(pages, p.slides.map((s) => s.text))) problems.push(`${name} page ${c.page}: a word cut "${c.end}|${c.start}"`)
      const { ratio, missing } = presence(coverageWords(p.slides.map((s) => s.text).join('\n')), new Set(coverageWords(await pdfText(f.pdf))))
      if (ratio < 0.99) problems.push(`${name}: ${(ratio * 100).toFixed(1)} % of the slides' words, missing ${missing.slice(0, 10).join(' ')}`)
    }
    assert.deepEqual(problems, [])
  })

  it('draws text that flows around a picture (a float, a tall inline picture) as in the deck: no text box over the picture', async () => {
    const floats = files.find((f) => path.basename(f.pptx) === 'floats.pptx')!
    const p = await readPptx(floats.pptx)
    const over: string[] = []
    for (const [i, s] of p.slides.entries()) {
      const pictures = s.shapes.filter((sh) => sh.tag === 'pic' && sh.cx < p.size.cx * 0.9)
      for (const t of s.shapes.filter((sh) => sh.tag === 'sp' && sh.text.trim() !== '')) {
        for (const pic of pictures) if (overlap(t, pic)) over.push(`slide ${i + 1}: "${t.text.slice(0, 40)}" over the picture "${pic.descr ?? ''}"`)
      }
    }
    assert.deepEqual(over, [])
    assert.ok(p.slides.some((s) => s.shapes.some((sh) => sh.tag === 'pic' && /first talk was about building communities/.test(sh.descr ?? ''))), 'the paragraph beside the float is a picture whose alternate text is its text')
  })

  it('shows at least 99 % of the notes\' words in each recap file (in its text, or in the alternate text of a paragraph drawn as a picture)', async () => {
    for (const notes of NOTES) {
      const recap = files.find((f) => path.basename(f.pptx) === `${path.basename(notes, '.adoc')}.pptx`)!
      const want = coverageWords(notesWords(notes, { speakerNotes: false }).join(' '))
      const alt = (await readPptx(recap.pptx)).slides.flatMap((s) => s.shapes.filter((sh) => sh.tag === 'pic').map((sh) => sh.descr ?? ''))
      const { ratio, missing } = presence(want, new Set(coverageWords(`${await pdfText(recap.pdf)}\n${alt.join('\n')}`)))
      assert.ok(ratio >= 0.99, `${notes}: ${(ratio * 100).toFixed(2)} % of ${want.length} words; missing ${missing.slice(0, 10).join(' ')}`)
    }
  })
})
