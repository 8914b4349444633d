/**
 * bbl pptx, end to end: the CLI runs in-process on the sample and on small
 * notes with speaker notes, math, a table, a listing and a photo; the tests read
 * the .pptx files back (test/helpers/pptx.ts) — slide count, text, boxes,
 * pictures, notes pages, the package's structure — and have LibreOffice
 * convert one when it is installed.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { Manifest } from '../../src/core/manifest.js'
import { words } from '../../src/core/text.js'
import { isBblError, pptx } from '../../src/index.js'
import { bblMain, root, type Run } from '../helpers/cli.js'
import { type ReadPptx, readPptx } from '../helpers/pptx.js'
import { notesWords, presence } from '../helpers/words.js'

/** As a reader searching the PDF finds words: ligatures (ﬀ, ﬁ) count as their letters. */
const nfkc = (w: string) => w.normalize('NFKC')
import { onPath, unless } from '../helpers/requires.js'

import { SAMPLE, seedCache } from '../helpers/shared.js'
const EMU_PER_PX = 9525

const slideWords = (p: ReadPptx) => new Set(words(p.slides.map((s) => s.text).join('\n').normalize('NFKC')))

/** Every part has a content type, every relationship leads to a part, every XML part is well-formed. */
async function checkPackage(p: ReadPptx, name: string): Promise<void> {
  const types = await p.zip.file('[Content_Types].xml')!.async('string')
  const defaults = new Set([...types.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1]!.toLowerCase()))
  const overrides = [...types.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]!)
  for (const o of overrides) assert.ok(p.parts.includes(o), `${name}: [Content_Types].xml lists ${o}, which is not in the package`)
  for (const part of p.parts) {
    if (part === '[Content_Types].xml') continue
    const ext = part.split('.').pop()!.toLowerCase()
    assert.ok(overrides.includes(part) || defaults.has(ext), `${name}: ${part} has no content type`)
  }
  for (const s of p.slides) assert.ok(overrides.includes(s.part), `${name}: ${s.part} listed as a slide`)
  for (const ext of defaults) assert.ok(ext === 'xml' || ext === 'rels' || p.parts.some((f) => f.toLowerCase().endsWith(`.${ext}`)), `${name}: a content type for .${ext}, which no part has`)
  assert.deepEqual(Object.keys(p.zip.files).filter((f) => p.zip.files[f]!.dir), [], `${name}: no folder entries`)
  const slideParts = p.parts.filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f))
  assert.deepEqual(slideParts.sort(), p.slides.map((s) => s.part).sort(), `${name}: every slide part is in the presentation, once`)
  for (const rels of p.parts.filter((f) => f.endsWith('.rels'))) {
    const xml = await p.zip.file(rels)!.async('string')
    const base = path.posix.dirname(path.posix.dirname(rels))
    for (const m of xml.matchAll(/<Relationship [^>]*>/g)) {
      if (/TargetMode="External"/.test(m[0])) continue
      const target = /Target="([^"]+)"/.exec(m[0])![1]!
      const resolved = target.startsWith('/') ? target.slice(1) : path.posix.normalize(path.posix.join(base, target))
      assert.ok(p.parts.includes(resolved), `${name}: ${rels} refers to ${resolved}, not in the package`)
    }
  }
  for (const part of p.parts.filter((f) => /\.(xml|rels)$/.test(f))) {
    const xml = await p.zip.file(part)!.async('string')
    wellFormed(xml, `${name}: ${part}`)
    if (part.startsWith('ppt/slides/slide')) {
      // What PowerPoint repairs in pptxgenjs's output (src/pptx/repair.ts).
      for (const para of xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)) assert.ok((para[1]!.match(/<a:pPr\b/g) ?? []).length <= 1, `${name}: ${part}: one pPr per paragraph`)
      for (const sp of xml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)) assert.match(sp[1]!, /<p:txBody>/, `${name}: ${part}: every shape has a text body`)
      for (const bg of xml.matchAll(/<p:bgPr>([\s\S]*?)<\/p:bgPr>/g)) assert.match(bg[1]!, /<a:effectLst\/>/, `${name}: ${part}: background with an effect list`)
    }
    if (part.startsWith('ppt/notesMasters/')) assert.doesNotMatch(xml, /<p:sp>/, `${name}: ${part}: no placeholder in the notes master`)
  }
}

/** Tags nest and close, attributes are quoted, text has no bare < or &. */
function wellFormed(xml: string, what: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '')
  const stack: string[] = []
  let last = 0
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/g)) {
    const between = body.slice(last, m.index)
    assert.ok(!between.includes('<'), `${what}: markup that is no tag near ${JSON.stringify(between.slice(0, 60))}`)
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(between), `${what}: bare & in ${JSON.stringify(between.slice(0, 60))}`)
    last = m.index + m[0].length
    if (m[1]) assert.equal(stack.pop(), m[2], `${what}: </${m[2]}> closes another element`)
    else if (!m[4]) stack.push(m[2]!)
  }
  assert.equal(body.slice(last).trim(), '', `${what}: text after the root`)
  assert.deepEqual(stack, [], `${what}: unclosed elements`)
}

function textBoxesInside(p: ReadPptx, name: string): number {
  let n = 0
  p.slides.forEach((s, i) => {
    for (const sh of s.shapes) {
      if (sh.tag !== 'sp' || sh.text.trim() === '') continue
      n++
      const where = `${name} slide ${i + 1}: "${sh.text.slice(0, 40)}" at ${sh.x},${sh.y} ${sh.cx}×${sh.cy} EMU`
      assert.ok(sh.x >= 0 && sh.y >= 0, where)
      assert.ok(sh.x + sh.cx <= p.size.cx + 2 && sh.y + sh.cy <= p.size.cy + 2, where)
    }
  })
  return n
}

const soffice = onPath('soffice', 'libreoffice')

describe('bbl pptx on the sample', () => {
  let out: string
  let dir: string
  let run: Run
  let manifest: Manifest
  let recap: ReadPptx
  let talkRun: Run
  let afterTalk: Manifest
  const name = 'dataxday-2018'

  before(async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'bbl-pptx-test-'))
    dir = path.join(out, name)
    // Photos and layouts from the shared build's cache, as a user's \`bbl pptx\` after \`bbl pdf\` reads them.
    await seedCache('sample', out)
    run = await bblMain(['pptx', SAMPLE, '--out', out], root)
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
    // Then one talk again: the recap's and that talk's files are made, the others' kept.
    talkRun = await bblMain(['pptx', SAMPLE, '--out', out, '--talk', 'kafka'], root)
    afterTalk = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
    recap = await readPptx(path.join(dir, `${name}.pptx`))
  })
  after(async () => {
    await rm(out, { recursive: true, force: true })
  })

  it('writes the recap\'s and each talk\'s PowerPoint file, named as the PDFs are, and lists them in the manifest', async () => {
    assert.equal(run.code, 0, run.stderr)
    const talks = manifest.decks.filter((d) => d.kind === 'talk')
    assert.equal(talks.length, 9)
    const expected = [`${name}.pptx`, ...talks.map((d) => d.file.replace(/\.html$/, '.pptx'))].sort()
    assert.deepEqual((await readdir(dir)).filter((f) => f.endsWith('.pptx')).sort(), expected)
    assert.deepEqual(manifest.pptx?.map((p) => p.file).sort(), expected)
    assert.deepEqual(manifest.pptx?.map((p) => p.kind), ['recap', ...talks.map(() => 'talk')])
  })

  it('with --talk, makes the recap\'s and that talk\'s files again and keeps the other talks\'', async () => {
    assert.equal(talkRun.code, 0, talkRun.stderr)
    assert.match(talkRun.stderr, /kept 8 other talk decks/)
    assert.deepEqual(afterTalk.pptx, manifest.pptx)
    for (const f of afterTalk.pptx!) assert.ok((await readFile(path.join(dir, f.file))).length > 10_000, f.file)
  })

  it('has one PowerPoint slide per deck slide, 16:9 at 13.333×7.5 inches', async () => {
    const recapDeck = manifest.decks.find((d) => d.kind === 'recap')!
    assert.equal(recap.slides.length, recapDeck.slides)
    assert.ok(recap.slides.length >= 90, `${recap.slides.length} slides`)
    assert.deepEqual(recap.size, { cx: 1280 * EMU_PER_PX, cy: 720 * EMU_PER_PX })
    for (const e of manifest.pptx!) {
      const deck = manifest.decks.find((d) => (e.kind === 'recap' ? d.kind === 'recap' : d.file === e.file.replace(/\.pptx$/, '.html')))!
      const p = await readPptx(path.join(dir, e.file))
      assert.equal(p.slides.length, deck.slides, e.file)
      assert.equal(e.slides, deck.slides, e.file)
    }
  })

  it('holds at least 98% of the notes\' words as slide text', async (t) => {
    const want = notesWords(SAMPLE, { speakerNotes: false }).map(nfkc)
    const c = presence(want, slideWords(recap))
    t.diagnostic(`slide text covers ${(c.ratio * 100).toFixed(2)}% of ${want.length} words`)
    assert.ok(c.ratio >= 0.98, `${(c.ratio * 100).toFixed(2)}% of ${want.length} words; missing: ${c.missing.join(' ')}`)
  })

  it('keeps every text box inside the slide, in the fonts every client has (the deck measured in their widths)', () => {
    const n = textBoxesInside(recap, `${name}.pptx`)
    assert.ok(n > 300, `${n} text boxes`)
    const fonts = new Set(recap.slides.flatMap((s) => s.shapes.flatMap((sh) => sh.fonts)))
    assert.deepEqual([...fonts].sort(), ['Calibri', 'Courier New'])
  })

  it('keeps the agenda\'s links: each jumps to its talk\'s title slide', async () => {
    const agenda = recap.slides.findIndex((s) => s.text.includes('Conférences') && s.text.includes('Closing Keynote'))
    const part = recap.slides[agenda]!.part
    const xml = await recap.zip.file(part)!.async('string')
    const rels = await recap.zip.file(part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'))!.async('string')
    // A link is a run per word: one jump per title, however many words.
    const jumps = [...xml.matchAll(/<a:hlinkClick r:id="([^"]+)" action="ppaction:\/\/hlinksldjump"/g)]
      .map((m) => new RegExp(`Id="${m[1]}"[^>]*Target="(slide\\d+\\.xml)"`).exec(rels)![1]!)
      .filter((t, i, all) => t !== all[i - 1])
    const talks = manifest.decks.filter((d) => d.kind === 'talk')
    assert.equal(jumps.length, talks.length)
    jumps.forEach((target, i) => {
      const slide = recap.slides.find((s) => s.part === `ppt/slides/${target}`)!
      assert.ok(slide.text.includes(talks[i]!.title), `link ${i + 1} → ${target}: ${slide.text.slice(0, 80)}`)
    })
  })

  it('has the photos as pictures (the deck\'s JPEG files), with their alt text', async () => {
    const media = recap.parts.filter((f) => f.startsWith('ppt/media/') && /\.jpe?g$/.test(f))
    const photoSlides = recap.slides.filter((s) => s.shapes.some((sh) => sh.tag === 'pic' && sh.cx > 300 * EMU_PER_PX))
    assert.ok(photoSlides.length >= 28, `${photoSlides.length} slides with a photo`)
    assert.ok(media.length >= 28, `${media.length} JPEG files in ppt/media`)
    const original = await readFile(path.join(dir, 'images', 'AWS-sagemaker_01.jpg'))
    const bytes = await Promise.all(media.map((m) => recap.zip.file(m)!.async('nodebuffer')))
    assert.ok(bytes.some((b) => b.equals(original)), 'a photo is the deck\'s file, byte for byte')
    // Every picture holds its bytes, none the 1×1 placeholder pptxgenjs is given (src/pptx/export.ts).
    for (const m of recap.parts.filter((f) => f.startsWith('ppt/media/'))) assert.ok((await recap.zip.file(m)!.async('nodebuffer')).length > 1000, m)
    assert.ok(photoSlides.every((s) => s.shapes.some((sh) => sh.tag === 'pic' && (sh.descr ?? '') !== '')), 'photos carry alt text')
  })

  it('gives every picture alternate text (descr), the notes\' own alt text for a photo', () => {
    const pics = recap.slides.flatMap((s) => s.shapes.filter((sh) => sh.tag === 'pic'))
    assert.ok(pics.length >= 28, `${pics.length} pictures`)
    assert.deepEqual(pics.filter((sh) => !sh.descr?.trim()), [])
    assert.ok(pics.some((sh) => sh.descr === 'AWS sagemaker 01'), "pics.some((sh) => sh.descr === 'AWS sagemaker 01')")
  })

  it('is a well-formed package: every part typed, every relationship resolved, every XML part well-formed', async () => {
    await checkPackage(recap, `${name}.pptx`)
    await checkPackage(await readPptx(path.join(dir, manifest.pptx![1]!.file)), manifest.pptx![1]!.file)
  })

  it('converts with LibreOffice without error, where it is installed', { skip: unless(soffice, 'LibreOffice (soffice) is not installed') }, async () => {
    const to = await mkdtemp(path.join(os.tmpdir(), 'bbl-pptx-lo-'))
    try {
      execFileSync(soffice!, ['--headless', '--norestore', `-env:UserInstallation=file://${to}/profile`, '--convert-to', 'pdf', '--outdir', to, path.join(dir, `${name}.pptx`)], { timeout: 240_000, stdio: 'pipe' })
      const pdf = await readFile(path.join(to, `${name}.pdf`))
      assert.ok(pdf.length > 10_000, 'pdf.length > 10_000')
    } finally {
      await rm(to, { recursive: true, force: true })
    }
  })
})

describe('bbl pptx on notes with speaker notes, math, a table, a listing and a photo', () => {
  let tmp: string
  let run: Run
  let p: ReadPptx
  const notes = `= Editable export
Ada Park
:stem: latexmath

== Numbers and code

The quarterly figures, as presented:

[%header,cols="2,1"]
|===
| Region | Revenue
| Northwind | 1200
| Southgate | 980
|===

[source,java]
----
public class Greeter {
  String greet() { return "hello"; }
}
----

[.notes]
--
Remind everyone that Southgate reopened in March.

* ask about Northwind
--

== Formula

Energy is stem:[E = mc^2] for everyone.

. first step
. second step
.. nested detail

== Photo

image::talk-photo-01.jpg[Whiteboard after the session]

== Raw picture

A picture in raw HTML, with no alt attribute:

++++
<img src="images/talk-photo-01.jpg" width="320" height="240">
++++
`

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-pptx-notes-'))
    await mkdir(path.join(tmp, 'images'))
    await copyFile(path.join(root, 'test', 'fixtures', 'images', 'talk-photo-01.jpg'), path.join(tmp, 'images', 'talk-photo-01.jpg'))
    await writeFile(path.join(tmp, 'editable.adoc'), notes)
    run = await bblMain(['pptx', 'editable.adoc', '--as', 'deck'], tmp)
    p = await readPptx(path.join(tmp, 'dist', 'editable', 'editable.pptx'))
  })
  after(async () => {
    await rm(tmp, { recursive: true, force: true })
  })

  it('is in the library API too, with the CLI\'s checks (notes that are not there: exit 3)', async () => {
    await assert.rejects(pptx({ notes: ['missing.adoc'], cwd: tmp, talks: false }), (e: unknown) => isBblError(e) && e.exitCode === 3)
  })

  it('puts the speaker notes in the notes pages', () => {
    assert.equal(run.code, 0, run.stderr)
    const slide = p.slides.find((s) => s.text.includes('Northwind'))!
    assert.match(slide.notes, /Southgate reopened in March/)
    assert.match(slide.notes, /• ask about Northwind/)
    assert.doesNotMatch(slide.text, /reopened/, 'speaker notes stay off the slide')
  })

  it('writes table cells and the listing as text, the listing in Courier New, line by line', () => {
    const slide = p.slides.find((s) => s.text.includes('Northwind'))!
    for (const cell of ['Region', 'Revenue', 'Northwind', '1200', 'Southgate', '980']) assert.ok(slide.shapes.some((sh) => sh.text.trim() === cell), cell)
    const code = slide.shapes.find((sh) => sh.text.includes('public class Greeter'))!
    assert.deepEqual(code.fonts, ['Courier New'])
    assert.equal(code.text.split('\n').length, 3)
  })

  it('gives list items their numbers and levels', async () => {
    const slide = p.slides.find((s) => s.text.includes('first step'))!
    const xml = await p.zip.file(slide.part)!.async('string')
    assert.equal((xml.match(/<a:buAutoNum type="arabicPeriod"/g) ?? []).length, 2)
    assert.match(xml, /<a:buAutoNum type="alphaLcPeriod" startAt="1"\/>/)
    assert.match(xml, /lvl="1"/)
  })

  it('draws math as a picture of itself, its source as alt text, the text around it as text', () => {
    const slide = p.slides.find((s) => s.text.includes('Energy is'))!
    const math = slide.shapes.find((sh) => sh.tag === 'pic')
    assert.ok(math, 'a picture for the formula')
    assert.match(math.descr ?? '', /E = mc\^2/)
    assert.match(slide.text, /for everyone/)
  })

  it('has the photo as a picture with its caption as text, and every box inside the slide', () => {
    const slide = p.slides.find((s) => s.text.includes('Whiteboard after the session'))!
    assert.ok(slide.shapes.some((sh) => sh.tag === 'pic' && sh.cx > 400 * EMU_PER_PX), "slide.shapes.some((sh) => sh.tag === 'pic' && sh.cx > 400 * EMU_PER_PX)")
    assert.ok(p.parts.some((f) => /^ppt\/media\/.*\.jpe?g$/.test(f)), 'a JPEG picture in ppt/media')
    textBoxesInside(p, 'editable.pptx')
  })

  it('gives every picture alternate text: the notes\' alt text, a formula\'s source, a raw picture\'s file name', () => {
    const pics = p.slides.flatMap((s) => s.shapes.filter((sh) => sh.tag === 'pic'))
    assert.deepEqual(pics.filter((sh) => !sh.descr?.trim()), [])
    assert.ok(pics.some((sh) => sh.descr === 'Whiteboard after the session'), pics.map((sh) => sh.descr).join(', '))
    const raw = p.slides.find((s) => s.text.includes('A picture in raw HTML'))!
    assert.deepEqual(raw.shapes.filter((sh) => sh.tag === 'pic').map((sh) => sh.descr), ['talk-photo-01.jpg'])
  })
})
