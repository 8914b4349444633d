/**
 * Reading a PDF's logical structure (its tags) back in tests, as assistive
 * technology would: poppler's `pdfinfo -struct-text` for the tree and its text,
 * pdf-lib for what poppler does not print (the page each element is on, a
 * figure's alternate text, the document's language) and `pdfimages -list` for
 * the pictures drawn on each page.
 */
import { execFileSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib'

export interface StructNode {
  /** The structure type (H1, P, L, LI, Figure...), or '' for a run of text. */
  type: string
  /** The text under it, runs joined with spaces. */
  text: string
  children: StructNode[]
}

/** `pdfinfo -struct-text`: the tree, each node with the text under it. */
export function structText(file: string): StructNode {
  const out = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] })
  const root: StructNode = { type: 'Root', text: '', children: [] }
  const stack: Array<{ indent: number; node: StructNode }> = [{ indent: -1, node: root }]
  for (const line of out.split('\n')) {
    if (!line.trim()) continue
    const indent = line.length - line.trimStart().length
    const body = line.trim()
    const quoted = /^"(.*)"$/.exec(body)
    const node: StructNode = quoted ? { type: '', text: quoted[1]!, children: [] } : { type: body.split(/\s/)[0]!, text: '', children: [] }
    while (stack[stack.length - 1]!.indent >= indent) stack.pop()
    stack[stack.length - 1]!.node.children.push(node)
    stack.push({ indent, node })
  }
  const fill = (n: StructNode): string => {
    if (n.type === '') return n.text
    n.text = n.children.map(fill).filter(Boolean).join(' ').replace(/\s+/g, ' ').trim()
    return n.text
  }
  fill(root)
  return root
}

/** Every node of a tree whose type matches, in document order. */
export function findAll(n: StructNode, type: RegExp): StructNode[] {
  return [...(type.test(n.type) ? [n] : []), ...n.children.flatMap((c) => findAll(c, type))]
}

export interface Tagged {
  type: string
  /** 0-based index of the first page it is on (-1 when none). */
  page: number
  alt: string
}

export interface Tags {
  /** The catalog's /Lang. */
  lang: string
  pages: number
  /** Every structure element, in document order. */
  elements: Tagged[]
}

/** The structure elements with their page and alternate text, read with pdf-lib. */
export async function tags(file: string): Promise<Tags> {
  const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false })
  const pageIndex = new Map(doc.getPages().map((p, i) => [p.ref.toString(), i]))
  const str = (o: unknown) => (o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : '')
  const elements: Tagged[] = []
  const kids = (d: PDFDict): PDFDict[] => {
    const k = d.get(PDFName.of('K'))
    const list = k instanceof PDFArray ? k.asArray() : k ? [k] : []
    return list.map((c) => (c instanceof PDFRef ? doc.context.lookup(c) : c)).filter((c): c is PDFDict => c instanceof PDFDict)
  }
  // The page of an element: its own /Pg, or that of the first descendant that has one.
  const pageOf = (d: PDFDict): number => {
    const pg = d.get(PDFName.of('Pg'))
    if (pg instanceof PDFRef) return pageIndex.get(pg.toString()) ?? -1
    for (const c of kids(d)) {
      const p = pageOf(c)
      if (p >= 0) return p
    }
    return -1
  }
  const walk = (d: PDFDict) => {
    const s = d.get(PDFName.of('S'))
    if (s instanceof PDFName) elements.push({ type: s.decodeText(), page: pageOf(d), alt: str(d.lookup(PDFName.of('Alt'))) })
    for (const c of kids(d)) walk(c)
  }
  const root = doc.catalog.lookupMaybe(PDFName.of('StructTreeRoot'), PDFDict)
  if (root) walk(root)
  return { lang: str(doc.catalog.lookup(PDFName.of('Lang'))), pages: doc.getPageCount(), elements }
}

/** How many pictures each page draws (`pdfimages -list`, soft masks not counted), by 0-based page index. */
export function picturesPerPage(file: string): Map<number, number> {
  const out = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
  const count = new Map<number, number>()
  for (const line of out.split('\n').slice(2)) {
    const [page, , type] = line.trim().split(/\s+/)
    if (type === 'image') count.set(Number(page) - 1, (count.get(Number(page) - 1) ?? 0) + 1)
  }
  return count
}

/** What a reader of the tags would miss, one line per page: no heading, or fewer figures with alternate text than pictures. */
export function untaggedPages(t: Tags, pictures: Map<number, number>): string[] {
  const out: string[] = []
  for (let p = 0; p < t.pages; p++) {
    const on = t.elements.filter((e) => e.page === p)
    if (!on.some((e) => /^H\d?$/.test(e.type))) out.push(`page ${p + 1}: no heading`)
    const figures = on.filter((e) => e.type === 'Figure' && e.alt.trim() !== '').length
    const drawn = pictures.get(p) ?? 0
    if (figures < drawn) out.push(`page ${p + 1}: ${drawn} pictures, ${figures} figures with alternate text`)
  }
  return out
}
