/**
 * Reading a .pptx back as the tests need it: its parts (with jszip, which
 * pptxgenjs brings), the slides in presentation order, each slide's text and
 * shapes' boxes, the notes pages' text. No PowerPoint, no LibreOffice.
 */
import { readFile } from 'node:fs/promises'
import JSZip from 'jszip'

export interface Shape {
  /** p:sp (text or shape) or p:pic (picture). */
  tag: 'sp' | 'pic'
  x: number
  y: number
  cx: number
  cy: number
  text: string
  /** The typefaces of its runs. */
  fonts: string[]
  descr?: string
}

export interface PptxSlide {
  part: string
  text: string
  shapes: Shape[]
  notes: string
}

export interface ReadPptx {
  zip: JSZip
  parts: string[]
  /** EMU. */
  size: { cx: number; cy: number }
  slides: PptxSlide[]
}

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&')

/** A text body's text: runs joined within a paragraph, paragraphs by a line break. */
export function textOf(xml: string): string {
  return [...xml.matchAll(/<a:p>([\s\S]*?)<\/a:p>/g)].map((p) => [...p[1]!.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((t) => decode(t[1]!)).join('')).join('\n')
}

export async function readPptx(file: string): Promise<ReadPptx> {
  const zip = await JSZip.loadAsync(await readFile(file))
  const parts = Object.keys(zip.files).filter((f) => !zip.files[f]!.dir)
  const read = (p: string) => zip.file(p)!.async('string')
  const pres = await read('ppt/presentation.xml')
  const size = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(pres)!
  const rels = await read('ppt/_rels/presentation.xml.rels')
  const target = new Map([...rels.matchAll(/<Relationship [^>]*Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, m[2]!]))
  const ids = [...pres.matchAll(/<p:sldId [^>]*r:id="([^"]+)"/g)].map((m) => m[1]!)
  const slides: PptxSlide[] = []
  for (const id of ids) {
    const part = `ppt/${target.get(id)!}`
    const xml = await read(part)
    const shapes = [...xml.matchAll(/<p:(sp|pic)>([\s\S]*?)<\/p:\1>/g)].map((m): Shape => {
      const off = /<a:off x="(-?\d+)" y="(-?\d+)"\/>/.exec(m[2]!)
      const ext = /<a:ext cx="(\d+)" cy="(\d+)"\/>/.exec(m[2]!)
      const descr = /<p:cNvPr [^>]*descr="([^"]*)"/.exec(m[2]!)?.[1]
      return {
        tag: m[1] as 'sp' | 'pic',
        x: Number(off?.[1] ?? 0),
        y: Number(off?.[2] ?? 0),
        cx: Number(ext?.[1] ?? 0),
        cy: Number(ext?.[2] ?? 0),
        text: textOf(m[2]!),
        fonts: [...new Set([...m[2]!.matchAll(/<a:latin typeface="([^"]+)"/g)].map((f) => f[1]!))],
        ...(descr !== undefined ? { descr: decode(descr) } : {}),
      }
    })
    const slideRels = await read(part.replace(/slides\/(slide\d+\.xml)$/, 'slides/_rels/$1.rels'))
    const notesTarget = /Target="\.\.\/notesSlides\/(notesSlide\d+\.xml)"/.exec(slideRels)?.[1]
    // The notes page's body placeholder (not its slide number).
    const notesXml = notesTarget ? await read(`ppt/notesSlides/${notesTarget}`) : ''
    const body = [...notesXml.matchAll(/<p:sp>([\s\S]*?)<\/p:sp>/g)].find((m) => /<p:ph type="body"/.test(m[1]!))
    const notes = body ? textOf(body[1]!) : ''
    slides.push({ part, text: textOf(xml), shapes, notes })
  }
  return { zip, parts, size: { cx: Number(size[1]), cy: Number(size[2]) }, slides }
}
