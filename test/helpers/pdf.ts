/** Reading a PDF back in tests: page sizes, information and outline, with pdf-lib. */
import { readFile } from 'node:fs/promises'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib'

export interface Entry {
  title: string
  page: number
  children: Entry[]
}

export async function outline(file: string | Uint8Array): Promise<{ pages: number; sizes: Array<[number, number]>; entries: Entry[]; info: Record<string, string> }> {
  const doc = await PDFDocument.load(typeof file === 'string' ? await readFile(file) : file, { updateMetadata: false })
  const pages = doc.getPages()
  const index = new Map(pages.map((p, i) => [p.ref.toString(), i]))
  const text = (o: unknown) => (o instanceof PDFHexString || o instanceof PDFString ? o.decodeText() : '')
  const walk = (first: PDFDict | undefined): Entry[] => {
    const out: Entry[] = []
    for (let d = first; d; d = d.lookupMaybe(PDFName.of('Next'), PDFDict)) {
      const dest = d.lookupMaybe(PDFName.of('Dest'), PDFArray)
      const target = dest?.get(0)
      out.push({
        title: text(d.lookup(PDFName.of('Title'))),
        page: target instanceof PDFRef ? (index.get(target.toString()) ?? -1) : -1,
        children: walk(d.lookupMaybe(PDFName.of('First'), PDFDict)),
      })
    }
    return out
  }
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  const infoDict = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)
  const info: Record<string, string> = {}
  for (const [k, v] of infoDict?.entries() ?? []) info[k.decodeText()] = text(v)
  return {
    pages: doc.getPageCount(),
    sizes: pages.map((p) => [p.getWidth(), p.getHeight()]),
    entries: walk(root?.lookupMaybe(PDFName.of('First'), PDFDict)),
    info,
  }
}
