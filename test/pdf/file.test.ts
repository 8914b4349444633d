/** Finishing Chrome's PDF (outline, information, paper size), without a browser. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { PDFDict, PDFDocument, PDFName, PDFString } from 'pdf-lib'
import { finishPdf } from '../../src/pdf/file.js'
import { outline } from '../helpers/pdf.js'

const CHROME_DATE = "D:20260102030405+00'00'"

/** A PDF written the way Chrome writes it: a classic cross-reference table, no object streams, dates as Chrome formats them. */
async function chromeLike(pages: number, dates = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false })
  for (let i = 0; i < pages; i++) doc.addPage([595.92, 841.92])
  doc.setTitle('from the browser')
  if (dates) {
    // pdf-lib writes dates as D:…Z; Chrome as D:…+00'00' (the length the patch keeps).
    const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)!
    info.set(PDFName.of('CreationDate'), PDFString.of(CHROME_DATE))
    info.set(PDFName.of('ModDate'), PDFString.of(CHROME_DATE))
  }
  return doc.save({ useObjectStreams: false })
}

describe('PDF finishing (src/pdf/file.ts)', () => {
  it('adds information and a nested outline as an incremental update', async () => {
    const before = await chromeLike(5, false)
    const done = await finishPdf(before, { title: 'Conférence 2024 — 会議', author: 'Ada', lang: 'fr', creator: 'bbl test', date: new Date(Date.UTC(2023, 10, 14, 22, 13, 20)) }, [
      { title: 'Cover', page: 0 },
      { title: 'Talk: « Streams »', page: 1, children: [{ title: 'Abstract', page: 2 }, { title: 'Notes (1/2)', page: 3 }] },
      { title: 'Closing', page: 4 },
    ])
    assert.equal(done.pages, 5)
    assert.deepEqual(Buffer.from(done.bytes.subarray(0, before.length)), Buffer.from(before), 'the browser\'s bytes stay as they were (this date is not in Chrome\'s format: left alone)')
    const pdf = await outline(done.bytes)
    assert.equal(pdf.info['Title'], 'Conférence 2024 — 会議')
    assert.equal(pdf.info['Author'], 'Ada')
    assert.equal(pdf.info['CreationDate'], "D:20231114221320+00'00'")
    assert.deepEqual(
      pdf.entries.map((e) => [e.title, e.page, e.children.map((c) => [c.title, c.page])]),
      [
        ['Cover', 0, []],
        ['Talk: « Streams »', 1, [['Abstract', 2], ['Notes (1/2)', 3]]],
        ['Closing', 4, []],
      ],
    )
  })

  it("patches Chrome's own dates in place (same length), so SOURCE_DATE_EPOCH gives the same bytes", async () => {
    const before = await chromeLike(1)
    const date = new Date(Date.UTC(2023, 10, 14, 22, 13, 20))
    const done = await finishPdf(before, { title: 't', lang: 'en', creator: 'x', date }, [])
    const head = Buffer.from(done.bytes.subarray(0, before.length)).toString('latin1')
    const was = Buffer.from(before).toString('latin1')
    assert.equal(was.split(CHROME_DATE).length - 1, 2, 'the fixture has two dates in Chrome\'s format')
    assert.equal(head.split(CHROME_DATE).length - 1, 0, 'no date of the printing is left')
    assert.equal(head, was.replaceAll(CHROME_DATE, "D:20231114221320+00'00'"), 'nothing else of the browser\'s bytes changed')
    const again = await finishPdf(await chromeLike(1), { title: 't', lang: 'en', creator: 'x', date }, [])
    assert.deepEqual(again.bytes, done.bytes)
  })

  it('cuts pages to the exact paper size and reads its own updates', async () => {
    const once = await finishPdf(await chromeLike(2), { title: 'a', lang: 'en', creator: 'x', paper: [595.28, 841.89] }, [{ title: 'One', page: 0 }])
    const twice = await finishPdf(once.bytes, { title: 'b', lang: 'en', creator: 'x' }, [{ title: 'Two', page: 1 }])
    const pdf = await outline(twice.bytes)
    assert.equal(pdf.info['Title'], 'b')
    assert.deepEqual(pdf.entries.map((e) => [e.title, e.page]), [['Two', 1]])
    for (const [w, h] of pdf.sizes) assert.ok(Math.abs(w - 595.28) < 0.01 && Math.abs(h - 841.89) < 0.01, `${w}×${h}`)
  })

  it('finishes a PDF with cross-reference and object streams too (rewritten first)', async () => {
    const doc = await PDFDocument.create()
    doc.addPage()
    doc.addPage()
    const withStreams = await doc.save({ useObjectStreams: true })
    assert.match(Buffer.from(withStreams).toString('latin1'), /\/Type \/XRef/, 'the input does use a cross-reference stream')
    const done = await finishPdf(withStreams, { title: 'Streams', lang: 'en', creator: 'x' }, [{ title: 'Second', page: 1 }])
    assert.equal(done.unfinished, undefined)
    const pdf = await outline(done.bytes)
    assert.equal(pdf.info['Title'], 'Streams')
    assert.deepEqual(pdf.entries.map((e) => [e.title, e.page]), [['Second', 1]])
  })

  it('keeps a PDF it cannot read as printed, and says why', async () => {
    const garbage = new TextEncoder().encode('%PDF-1.4\nnot really a pdf\n')
    const done = await finishPdf(garbage, { title: 'x', lang: 'en', creator: 'x' }, [])
    assert.deepEqual(done.bytes, garbage)
    assert.match(done.unfinished ?? '', /no startxref/)
  })
})
