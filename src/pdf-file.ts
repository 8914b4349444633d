/**
 * Finishing a PDF Chrome printed: document information (title, author...),
 * an outline (bookmarks) we build ourselves, and fixed dates when
 * SOURCE_DATE_EPOCH asks for them. Chrome's own outline (page.pdf({outline}))
 * comes from the headings it can see, which in a reveal.js print layout misses
 * most slides, and it cannot nest slides under their talk.
 *
 * Chrome's output is the same bytes from run to run but for its creation and
 * modification dates; with those fixed here, so is ours.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib'

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
  /** Creation and modification date; Chrome's (now) when absent. */
  date?: Date
  /**
   * Exact paper size in points. Chrome rounds page sizes to 1/75 inch (A4 comes
   * out 595.92 × 841.92 pt); the page box is cut back to the paper, from the top
   * left, where the content is (what is cut is blank).
   */
  paper?: [number, number]
}

export interface FinishedPdf {
  bytes: Uint8Array
  pages: number
}

export async function finishPdf(bytes: Uint8Array, info: PdfInfo, outline: OutlineEntry[]): Promise<FinishedPdf> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  doc.setTitle(info.title, { showInWindowTitleBar: true })
  if (info.author) doc.setAuthor(info.author)
  if (info.subject) doc.setSubject(info.subject)
  if (info.keywords?.length) doc.setKeywords(info.keywords)
  doc.setCreator(info.creator)
  doc.setLanguage(info.lang)
  if (info.date) {
    doc.setCreationDate(info.date)
    doc.setModificationDate(info.date)
  }
  if (info.paper) {
    const [w, h] = info.paper
    for (const page of doc.getPages()) {
      const box = page.getMediaBox()
      if (Math.abs(box.width - w) > 0.01 || Math.abs(box.height - h) > 0.01) page.setMediaBox(box.x, box.y + box.height - h, w, h)
    }
  }
  addOutline(doc, outline)
  return { bytes: await doc.save({ addDefaultPage: false }), pages: doc.getPageCount() }
}

/**
 * Top-level entries open, their children closed: a reader shows the talks and
 * unfolds one to see its slides.
 */
function addOutline(doc: PDFDocument, entries: OutlineEntry[]): void {
  if (entries.length === 0) return
  const ctx = doc.context
  const pages = doc.getPages()
  const level = (items: OutlineEntry[], parent: PDFRef): { first: PDFRef; last: PDFRef } => {
    const refs = items.map(() => ctx.nextRef())
    items.forEach((item, i) => {
      const page = pages[Math.max(0, Math.min(item.page, pages.length - 1))]!
      const dict = PDFDict.withContext(ctx)
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title))
      dict.set(PDFName.of('Parent'), parent)
      dict.set(PDFName.of('Dest'), ctx.obj([page.ref, PDFName.of('Fit')]))
      if (i > 0) dict.set(PDFName.of('Prev'), refs[i - 1]!)
      if (i < items.length - 1) dict.set(PDFName.of('Next'), refs[i + 1]!)
      if (item.children?.length) {
        const sub = level(item.children, refs[i]!)
        dict.set(PDFName.of('First'), sub.first)
        dict.set(PDFName.of('Last'), sub.last)
        // Negative: closed, with this many entries hidden under it.
        dict.set(PDFName.of('Count'), ctx.obj(-item.children.length))
      }
      ctx.assign(refs[i]!, dict)
    })
    return { first: refs[0]!, last: refs[refs.length - 1]! }
  }
  const root = ctx.nextRef()
  const top = level(entries, root)
  ctx.assign(root, ctx.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: entries.length }))
  doc.catalog.set(PDFName.of('Outlines'), root)
  doc.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}
