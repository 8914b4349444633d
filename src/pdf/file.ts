/**
 * Finishing a PDF Chrome printed: document information (title, author...),
 * an outline (bookmarks) built by us, and fixed dates when SOURCE_DATE_EPOCH
 * asks for them. Chrome's own outline (page.pdf({outline})) comes from the
 * headings it sees, which in a reveal.js print layout misses most slides and
 * cannot nest slides under their talk.
 *
 * The changes are appended to Chrome's bytes as an incremental update (PDF
 * 1.7, 7.5.6): a new catalog, information dictionary and outline objects, a
 * cross-reference section for them and a trailer pointing back at Chrome's.
 * Reading and rewriting a whole 3 MB PDF with a PDF library costs about as
 * much as printing it; this reads the few objects it needs and writes a few
 * kilobytes. Chrome's output differs between runs only by its dates: patched
 * in place (same length) when SOURCE_DATE_EPOCH is set, the bytes are the same
 * from run to run.
 */
import { arr, atom, dict, type Entries, get, num, pdfDate, type Ref, text } from './pdf-objects.js'
import { PdfReader } from './pdf-reader.js'
import { Update } from './pdf-update.js'

export interface OutlineEntry {
  title: string
  /** 0-based page index. */
  page: number
  children?: OutlineEntry[]
}

export interface PdfInfo {
  title: string
  author?: string
  subject?: string
  keywords?: string[]
  lang: string
  creator: string
  /** Creation and modification date; Chrome's (the time of printing) when absent. */
  date?: Date
  /**
   * Exact paper size in points. Chrome rounds page sizes to 1/75 inch (A4
   * comes out 595.92 × 841.92 pt); the page box is cut back to the paper from
   * the top left, where the content is (what is cut is blank).
   */
  paper?: [number, number]
}

export interface FinishedPdf {
  bytes: Uint8Array
  pages: number
  /** Set when the file could not be finished: it is the browser's PDF as printed, without outline or information. */
  unfinished?: string
}

/**
 * Chrome's PDF with our outline and information. A file this reader does not
 * take (object streams, cross-reference streams: Chrome does not write them
 * today, a future version might) is first rewritten with pdf-lib, then
 * finished the same way; one that pdf-lib cannot read either is kept as
 * printed, and `unfinished` says why (a warning, never a failed export).
 */
export async function finishPdf(bytes: Uint8Array, info: PdfInfo, outline: OutlineEntry[]): Promise<FinishedPdf> {
  try {
    return finishClassic(bytes, info, outline)
  } catch (e) {
    try {
      return finishClassic(await rewritten(bytes), info, outline)
    } catch (again) {
      const pages = await pageCount(bytes)
      return { bytes, pages, unfinished: `${(e as Error).message}; rewriting it failed too (${(again as Error).message.split('\n')[0]})` }
    }
  }
}

/** The same document with a classic cross-reference table and no object streams (pdf-lib only loads where needed). */
async function rewritten(bytes: Uint8Array): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib')
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  return doc.save({ useObjectStreams: false })
}

async function pageCount(bytes: Uint8Array): Promise<number> {
  try {
    const { PDFDocument } = await import('pdf-lib')
    return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount()
  } catch {
    return 0
  }
}

function finishClassic(bytes: Uint8Array, info: PdfInfo, outline: OutlineEntry[]): FinishedPdf {
  const pdf = new PdfReader(bytes)
  const catalog = pdf.dict(pdf.root)
  const pages = pdf.pages(catalog)
  const oldInfo = pdf.info === undefined ? undefined : pdf.dict(pdf.info)
  const out = new Update(pdf.size)

  const date = info.date ? pdfDate(info.date) : undefined
  const infoEntries: Entries = [
    ['/Title', text(info.title)],
    ...(info.author ? ([['/Author', text(info.author)]] as Entries) : []),
    ...(info.subject ? ([['/Subject', text(info.subject)]] as Entries) : []),
    ...(info.keywords?.length ? ([['/Keywords', text(info.keywords.join(', '))]] as Entries) : []),
    ['/Creator', text(info.creator)],
  ]
  for (const key of ['/Producer', '/CreationDate', '/ModDate']) {
    const kept = key !== '/Producer' && date ? atom(date) : oldInfo && get(oldInfo, key)
    if (kept) infoEntries.push([key, kept])
  }
  const infoRef = out.add(dict(infoEntries))

  const newCatalog = dict(catalog.entries.filter(([k]) => k !== '/Outlines' && k !== '/PageMode'))
  if (!get(catalog, '/Lang')) newCatalog.entries.push(['/Lang', text(info.lang)])
  if (!get(catalog, '/ViewerPreferences')) newCatalog.entries.push(['/ViewerPreferences', dict([['/DisplayDocTitle', atom('true')]])])
  if (outline.length > 0) {
    newCatalog.entries.push(['/Outlines', addOutline(out, outline, pages)], ['/PageMode', atom('/UseOutlines')])
  }
  out.set(pdf.root, newCatalog)

  if (info.paper) {
    const [w, h] = info.paper
    for (const page of pages) {
      const d = pdf.dict(page)
      const box = pdf.numbers(get(d, '/MediaBox'))
      if (box.length !== 4) continue
      const [x0, y0, x1, y1] = box as [number, number, number, number]
      if (Math.abs(x1 - x0 - w) < 0.01 && Math.abs(y1 - y0 - h) < 0.01) continue
      const media = arr([x0, y1 - h, x0 + w, y1].map((n) => atom(num(n))))
      out.set(page, dict([...d.entries.filter(([k]) => k !== '/MediaBox' && k !== '/CropBox'), ['/MediaBox', media]]))
    }
  }

  // Chrome's own information dictionary stays in the file, superseded: its dates must not differ between runs either.
  const body = date && pdf.info !== undefined ? pdf.patchDates(pdf.info, date) : bytes
  return { bytes: out.write(body, { root: pdf.root, info: infoRef, prev: pdf.startxref, trailer: pdf.trailer }), pages: pages.length }
}

/** Top-level entries open, their children closed: a reader shows the talks and unfolds one to see its slides. */
function addOutline(out: Update, entries: OutlineEntry[], pages: Ref[]): Ref {
  const root = out.reserve()
  const level = (items: OutlineEntry[], parent: Ref): { first: Ref; last: Ref } => {
    const refs = items.map(() => out.reserve())
    items.forEach((item, i) => {
      const page = pages[Math.max(0, Math.min(item.page, pages.length - 1))]!
      const e: Entries = [
        ['/Title', text(item.title)],
        ['/Parent', parent],
        ['/Dest', arr([page, atom('/Fit')])],
      ]
      if (i > 0) e.push(['/Prev', refs[i - 1]!])
      if (i < items.length - 1) e.push(['/Next', refs[i + 1]!])
      if (item.children?.length) {
        const sub = level(item.children, refs[i]!)
        // Negative: closed, with this many entries under it.
        e.push(['/First', sub.first], ['/Last', sub.last], ['/Count', atom(String(-item.children.length))])
      }
      out.set(refs[i]!, dict(e))
    })
    return { first: refs[0]!, last: refs[refs.length - 1]! }
  }
  const top = level(entries, root)
  out.set(root, dict([['/Type', atom('/Outlines')], ['/First', top.first], ['/Last', top.last], ['/Count', atom(String(entries.length))]]))
  return root
}
