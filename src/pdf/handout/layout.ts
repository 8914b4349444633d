/**
 * The handout's paper geometry and its pagination: from the heights the browser
 * measured (see render.ts measureHtml and src/page/pdf-page.js), which element
 * goes on which page and where. Pure.
 */
import type { Measures } from '../../page/contract.js'
import type { HandoutModel } from './model.js'

export type Paper = 'a4' | 'letter'
export type Layout = 1 | 2 | 3 | 6

// ---------------------------------------------------------------------------
// Geometry. Everything in CSS px (96 per inch), as the browser measures.
const MM = 96 / 25.4

export interface Geometry {
  paper: Paper
  layout: Layout
  /** Paper size, in mm (for @page and page.pdf) and px. */
  widthMm: number
  heightMm: number
  pageW: number
  pageH: number
  /** The content area: left edge, top edge (below the running head), width, height. */
  x0: number
  y0: number
  contentW: number
  contentH: number
  runTop: number
  footTop: number
  cols: number
  /** Slide rows a page holds at most. */
  rows: number
  gapX: number
  rowGap: number
  slideW: number
  slideH: number
  scale: number
  /** Notes beside the slide (layout 3), else below it. */
  beside: boolean
  notesW: number
  notesGap: number
  /** Height of the "notes (continued)" line above continued notes. */
  contLabel: number
}

export function geometry(paper: Paper, layout: Layout): Geometry {
  const [widthMm, heightMm] = paper === 'a4' ? [210, 297] : [215.9, 279.4]
  const pageW = widthMm * MM
  const pageH = heightMm * MM
  const side = 15 * MM
  const top = 12 * MM
  const bottom = 16 * MM
  const runH = 34
  const x0 = side
  const y0 = top + runH
  const contentW = pageW - 2 * side
  const contentH = pageH - bottom - y0
  const cols = layout === 6 ? 2 : 1
  const gapX = 20
  const beside = layout === 3
  const cellW = (contentW - (cols - 1) * gapX) / cols
  const slideW = beside ? Math.round(contentW * 0.6) : cellW
  const scale = slideW / 1280
  return {
    paper,
    layout,
    widthMm,
    heightMm,
    pageW,
    pageH,
    x0,
    y0,
    contentW,
    contentH,
    runTop: top,
    footTop: pageH - bottom + 5 * MM,
    cols,
    rows: layout === 6 ? 3 : layout,
    gapX,
    rowGap: layout <= 2 ? 24 : 18,
    slideW,
    slideH: 720 * scale,
    scale,
    beside,
    notesW: beside ? contentW - slideW - gapX : cellW,
    notesGap: 8,
    contLabel: 20,
  }
}

// ---------------------------------------------------------------------------
// Measuring: what the browser is asked to measure, and what it answers.

export interface Cell {
  col: number
  /** Slide shown in this cell (absent on a row of continued notes). */
  slide?: number
  /** Whose notes these are. */
  notesOf: number
  /** Chunks of that slide's notes placed here. */
  chunks: number[]
  continued: boolean
}

export interface Row {
  /** Top, from the content area's top. */
  y: number
  height: number
  cells: Cell[]
}

export interface PagePlan {
  kind: 'cover' | 'section'
  section?: number
  /** The section header is at the top of this page. */
  head: boolean
  /** Cover: entries on this page, with their tops. */
  toc: Array<{ entry: number; y: number }>
  rows: Row[]
}

export interface Pagination {
  pages: PagePlan[]
  /** First page (1-based) of each section. */
  sectionPages: number[]
  /** Slides whose notes hold a piece taller than a page: it is cut. */
  clipped: number[]
}

export function paginate(model: HandoutModel, geo: Geometry, m: Measures): Pagination {
  const pages: PagePlan[] = []
  const clipped = new Set<number>()
  const sectionPages: number[] = []
  const H = geo.contentH
  let page!: PagePlan
  let y = 0
  let slideRows = 0
  const open = (p: Pick<PagePlan, 'kind' | 'section' | 'head'>) => {
    page = { ...p, toc: [], rows: [] }
    pages.push(page)
    y = 0
    slideRows = 0
  }

  // The cover, over as many pages as its list needs. The cover's own page is the content area plus the running head's room.
  open({ kind: 'cover', head: true })
  y = m.coverHead
  model.sections.forEach((_, i) => {
    const h = m.toc[i] ?? 0
    if (y + h > H && page.toc.length > 0) open({ kind: 'cover', head: false })
    page.toc.push({ entry: i, y })
    y += h
  })

  model.sections.forEach((section, si) => {
    open({ kind: 'section', section: si, head: true })
    sectionPages.push(pages.length)
    y = m.heads[si] ?? 0
    const more = () => open({ kind: 'section', section: si, head: false })
    for (let i = 0; i < section.slides.length; i += geo.cols) {
      let cells = section.slides.slice(i, i + geo.cols).map((g, col) => ({ col, g, rest: (m.chunks[g] ?? []).map((_, k) => k) }))
      let withSlide = true
      for (;;) {
        if (withSlide && slideRows >= geo.rows) more()
        const fresh = page.rows.length === 0
        const firstChunk = Math.max(0, ...cells.map((c) => (c.rest.length ? m.chunks[c.g]![c.rest[0]!]!.h : 0)))
        const need = withSlide
          ? geo.beside
            ? Math.max(geo.slideH, firstChunk)
            : geo.slideH + (firstChunk > 0 ? geo.notesGap + firstChunk : 0)
          : geo.contLabel + firstChunk
        if (need > H - y && !fresh) {
          more()
          continue
        }
        const top = withSlide ? (geo.beside ? 0 : geo.slideH + geo.notesGap) : geo.contLabel
        const avail = H - y - top
        const placed = cells.map((c) => {
          const taken: number[] = []
          let h = 0
          for (const k of c.rest) {
            const ch = m.chunks[c.g]![k]!.h
            if (h + ch <= avail) {
              taken.push(k)
              h += ch
            } else {
              // A piece taller than a whole page: it goes on a page of its own, cut.
              if (taken.length === 0 && fresh && !withSlide) {
                taken.push(k)
                h += ch
                clipped.add(c.g)
              }
              break
            }
          }
          c.rest = c.rest.slice(taken.length)
          return { c, taken, h }
        })
        const height = Math.max(
          ...placed.map(({ h }) =>
            withSlide ? (geo.beside ? Math.max(geo.slideH, h) : geo.slideH + (h > 0 ? geo.notesGap + h : 0)) : geo.contLabel + h,
          ),
        )
        page.rows.push({
          y,
          height,
          cells: placed
            .filter(({ taken }) => withSlide || taken.length > 0)
            .map(({ c, taken }) => ({ col: c.col, ...(withSlide ? { slide: c.g } : {}), notesOf: c.g, chunks: taken, continued: !withSlide })),
        })
        y += height + geo.rowGap
        if (withSlide) slideRows++
        cells = cells.filter((c) => c.rest.length > 0)
        if (cells.length === 0) break
        withSlide = false
        more()
      }
    }
  })
  return { pages, sectionPages, clipped: [...clipped] }
}

// ---------------------------------------------------------------------------
// Rendering.
