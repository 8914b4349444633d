/**
 * Carrying outputs over from the earlier folder: kept while their deck and options
 * hash the same, left out (and said) when not, never listed when gone from the disk;
 * the earlier folder is only read.
 */
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, it } from 'node:test'
import { carryOver, outputHasher, pdfSource, pptxSource, staleLine } from '../../src/build/carry-over.js'
import type { Manifest, PdfEntry, PptxEntry } from '../../src/core/manifest.js'
import { scratch } from '../helpers/scratch.js'

const manifest = (extra: Partial<Manifest> = {}): Manifest => ({
  bbl: '0',
  title: 'T',
  source: 'x.adoc',
  lang: 'en',
  theme: 'bbl',
  decks: [
    { kind: 'recap', file: 'index.html', title: 'T', slides: 3, speakers: [] },
    { kind: 'talk', file: 'a.html', slug: 'a', title: 'A', slides: 2, speakers: [] },
  ],
  images: [],
  pdfs: [],
  warnings: [],
  ...extra,
})

/** A deck folder as a build leaves it: decks and a stylesheet. */
async function folder(dir: string, talk: string): Promise<void> {
  await mkdir(path.join(dir, 'assets'), { recursive: true })
  await writeFile(path.join(dir, 'index.html'), '<p>recap</p>')
  await writeFile(path.join(dir, 'a.html'), talk)
  await writeFile(path.join(dir, 'assets', 'bbl.css'), 'p{}')
}

describe('carryOver', () => {
  it('keeps an output whose deck is unchanged, drops a stale one with a line, and skips one gone from the disk', async () => {
    const root = await scratch('bbl-carry-')
    const old = path.join(root, 'x')
    const tmp = path.join(root, 'tmp')
    await folder(old, '<p>talk</p>')
    await folder(tmp, '<p>talk, edited</p>')
    const oldHash = await outputHasher(old)
    const stamp = async <E extends PdfEntry | PptxEntry>(e: E, source: { deck: string; what: Record<string, unknown> }) => ({ ...e, hash: await oldHash(source.deck, source.what) })
    const slides: PdfEntry = { kind: 'slides', file: 'x.pdf', pages: 3 }
    const handout: PdfEntry = { kind: 'handout', file: 'x-handout.pdf', pages: 2, layout: 3, paper: 'a4' }
    const talk: PptxEntry = { kind: 'talk', file: 'a.pptx', slides: 2 }
    const gone: PptxEntry = { kind: 'recap', file: 'x.pptx', slides: 3 }
    const before = manifest({
      pdfs: [await stamp(slides, pdfSource(slides)), await stamp(handout, pdfSource(handout))],
      pptx: [await stamp(talk, pptxSource(talk)), await stamp(gone, pptxSource(gone))],
    })
    await writeFile(path.join(old, 'manifest.json'), JSON.stringify(before))
    for (const f of ['x.pdf', 'x-handout.pdf', 'a.pptx']) await writeFile(path.join(old, f), f)
    const oldManifest = await readFile(path.join(old, 'manifest.json'), 'utf8')

    // This run made the slide PDF again: the earlier one is not carried, whatever it is.
    const now = manifest({ pdfs: [{ ...slides, pages: 4 }] })
    const done = await carryOver({ finalDir: old, tmp, manifest: now, hashOf: await outputHasher(tmp) })

    assert.deepEqual(done.kept, ['x-handout.pdf'])
    assert.deepEqual(done.stale, [{ shown: 'a.pptx', command: 'pptx' }])
    assert.deepEqual(now.pdfs.map((p) => [p.file, p.pages]), [['x.pdf', 4], ['x-handout.pdf', 2]])
    assert.equal(now.pptx, undefined, 'no PowerPoint file listed: the key stays absent')
    assert.equal(await readFile(path.join(tmp, 'x-handout.pdf'), 'utf8'), 'x-handout.pdf')
    assert.ok(!existsSync(path.join(tmp, 'a.pptx')), "!existsSync(path.join(tmp, 'a.pptx'))")
    assert.equal(await readFile(path.join(old, 'manifest.json'), 'utf8'), oldManifest, 'the earlier folder is only read')
    assert.equal(Object.keys(now).at(-1), 'warnings')
  })

  it('counts the options an output records in its hash', async () => {
    const dir = await scratch('bbl-carry-')
    await folder(dir, '<p>talk</p>')
    const hashOf = await outputHasher(dir)
    const a = pdfSource({ kind: 'handout', file: 'x-handout.pdf', pages: 2, layout: 2, paper: 'a4' })
    const b = pdfSource({ kind: 'handout', file: 'x-handout.pdf', pages: 2, layout: 3, paper: 'a4' })
    assert.notEqual(await hashOf(a.deck, a.what), await hashOf(b.deck, b.what))
    assert.equal(await hashOf(a.deck, a.what), await (await outputHasher(dir))(a.deck, a.what))
  })

  it('says what went stale and which command makes it again', () => {
    assert.equal(
      staleLine('decks/x.adoc', [{ shown: 'x.pptx', command: 'pptx' }, { shown: 'slides/', command: 'images' }]),
      'decks/x.adoc: removed 2 stale outputs (made from an earlier version of the deck or by another bbl): x.pptx, slides/; bbl pptx, bbl images make them again',
    )
  })
})
