/**
 * The handout, composed: a cover with the talks and their page numbers, then
 * each talk (a header, its slides several to a page, each slide's speaker notes
 * beside or below it), laid out as fixed-size page boxes so that every page
 * number is known when the page is written. Pure: the slide plan, the fitting
 * results and the heights the browser measured in; HTML and page numbers out.
 * src/pdf/handout-export.ts does the measuring and the printing.
 *
 * The slides are the recap deck's own slide HTML, scaled down with a CSS
 * transform: their text stays text (vector, searchable) on paper.
 */
import { type Conference, type Talk, talkMeta } from '../notes/conference.js'
import type { Labels } from '../notes/lang.js'
import { withoutFootnoteRefs } from '../notes/footnotes.js'
import type { Footnote } from '../notes/model.js'
import type { DeckPlan, SlideSpec } from '../slides/plan.js'
import { expandSlides, type Fitted, type PageAssets } from '../slides/render.js'
import { escapeHtml, htmlToText } from '../core/text.js'
import type { Measures } from '../page/contract.js'

export type Paper = 'a4' | 'letter'
export type Layout = 1 | 2 | 3 | 6

export interface HandoutSlide {
  /** The slide's <section>, as in the deck, without its speaker notes. */
  html: string
  /** Speaker notes HTML (the converter's <aside class="notes"> blocks); empty when none. */
  notes: string
  /** Plain-text name of the slide ("Notes (2/3)"), for continued notes. */
  label: string
  /** The slide's background (data-background-*), as CSS: reveal.js draws it in the deck. */
  background: string
}

export interface HandoutSection {
  kind: 'talk' | 'topics'
  /** Anchor of the section's first page (cover links, outline). */
  anchor: string
  eyebrow: string
  /** Title, HTML. */
  title: string
  titleText: string
  /** Speakers, company, language: one line of text. */
  meta: string
  role?: string
  /** The talk's heading's footnotes (its title slide's foot, which the header replaces). */
  footnotes?: Footnote[]
  /** Talk number (1-based) on the cover. */
  number?: number
  /** Indexes into HandoutModel.slides. */
  slides: number[]
}

export interface HandoutModel {
  lang: string
  /** Conference title, HTML. */
  title: string
  titleText: string
  author?: string
  date?: string
  labels: Labels
  sections: HandoutSection[]
  slides: HandoutSlide[]
}

/**
 * What goes in the handout: every talk of the recap deck under its own header,
 * and the recap's other content (overview, people met...) under the
 * conference's. The recap's cover, agenda and closing slides are left out: the
 * handout's cover says the same, with page numbers.
 */
export function handoutModel(conf: Conference, recap: DeckPlan, fitted: (spec: SlideSpec) => Fitted, labels: Labels): HandoutModel {
  const slides: HandoutSlide[] = []
  const sections: HandoutSection[] = []
  const talks = new Map<string, Talk>(conf.talks.map((t) => [t.slug, t]))
  const topicTitles = new Map<string, string>()
  for (const item of conf.items) if (item.type === 'topic') topicTitles.set(item.topic.slug, item.topic.title)

  for (const stack of recap.stacks) {
    const first = stack.slides[0]
    if (!first || SKIPPED.some((c) => first.classes.includes(c))) continue
    const talk = first.classes.includes('bbl-cover-talk') && first.ref ? talks.get(first.ref) : undefined
    // The talk's cover slide says what its header says.
    const specs = talk ? stack.slides.slice(1) : stack.slides
    const fallback = talk ? talk.titleText : htmlToText(topicTitles.get(first.ref ?? '') ?? conf.title)
    const indexes = expand(specs, fitted, fallback).map((s) => slides.push(s) - 1)
    if (talk) {
      sections.push({
        kind: 'talk',
        anchor: `h-${talk.slug}`,
        eyebrow: `${labels.talkOf(talk.index, conf.talks.length)} · ${conf.titleText}`,
        title: talk.title,
        titleText: talk.titleText,
        meta: talkMeta(talk).join(' · '),
        ...(talk.role ? { role: talk.role } : {}),
        ...(talk.titleFootnotes ? { footnotes: talk.titleFootnotes } : {}),
        number: talk.index,
        slides: indexes,
      })
      continue
    }
    const title = topicTitles.get(first.ref ?? '') ?? conf.title
    const last = sections.at(-1)
    if (last?.kind === 'topics' && conf.kind === 'deck') {
      // A plain deck is one document, under its own title: no header made of its section titles.
      last.slides.push(...indexes)
    } else if (last?.kind === 'topics') {
      // Consecutive topics share a header.
      last.title += ` · ${title}`
      last.titleText = htmlToText(last.title)
      last.slides.push(...indexes)
    } else {
      sections.push({
        kind: 'topics',
        anchor: `h-topics-${sections.length + 1}`,
        eyebrow: conf.titleText,
        title: conf.kind === 'deck' ? conf.title : title,
        titleText: htmlToText(conf.kind === 'deck' ? conf.title : title),
        meta: '',
        slides: indexes,
      })
    }
  }
  return {
    lang: conf.lang,
    title: conf.title,
    titleText: conf.titleText,
    ...(conf.author ? { author: conf.author } : {}),
    ...(conf.date ? { date: conf.date } : {}),
    labels,
    sections: sections.filter((s) => s.slides.length > 0 || s.kind === 'talk'),
    slides,
  }
}

const SKIPPED = ['bbl-cover-conference', 'bbl-agenda-slide', 'bbl-closing']

/** A stack's specs → its final slides, each with its notes (a flow's notes go with its last slide, as in the deck). */
function expand(specs: SlideSpec[], fitted: (spec: SlideSpec) => Fitted, fallback: string): HandoutSlide[] {
  const html = expandSlides(
    specs.map((s) => ({ ...s, notes: [] })),
    fitted,
  )
  const out: HandoutSlide[] = []
  let label = fallback
  for (const s of specs) {
    const f = fitted(s)
    const n = s.type === 'flow' && f.type === 'flow' ? f.pages.length : s.type === 'fixed' && f.type === 'fixed' ? 1 : 0
    for (let i = 0; i < n; i++) {
      if (s.type === 'flow') label = htmlToText(s.title) + (n > 1 ? ` (${i + 1}/${n})` : '')
      out.push({ html: html[out.length]!, notes: i === n - 1 ? s.notes.join('\n') : '', label, background: backgroundCss(s.attrs) })
    }
  }
  return out
}

/** reveal.js's slide background attributes → CSS on the slide's box (same defaults: cover, centred, no repeat). */
export function backgroundCss(attrs: Record<string, string>): string {
  const css: string[] = []
  const color = attrs['data-background-color']
  const image = attrs['data-background-image']
  const gradient = attrs['data-background-gradient']
  if (color) css.push(`background-color:${color}`)
  if (image || gradient) {
    css.push(`background-image:${image ? `url("${image.replace(/["\\\n]/g, '')}")` : gradient}`)
    css.push(`background-size:${attrs['data-background-size'] ?? 'cover'}`)
    css.push(`background-position:${attrs['data-background-position'] ?? 'center'}`)
    css.push(`background-repeat:${attrs['data-background-repeat'] ?? 'no-repeat'}`)
  }
  return css.join(';')
}

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

export type { Chunk, Measures } from '../page/contract.js'

/**
 * The elements to measure, at their final widths and with their final classes.
 * Notes are cut into chunks in the page (it has a DOM); see pdf-handout.ts.
 */
export function measureHtml(model: HandoutModel, geo: Geometry): string {
  const w = (px: number) => `style="width:${px}px"`
  const toc = model.sections.map((s) => `<div data-m="toc" ${w(geo.contentW)}>${tocEntry(s, '')}</div>`)
  const heads = model.sections.map((s) => `<div data-m="head" ${w(geo.contentW)}>${sectionHead(s)}</div>`)
  const notes = model.slides.map((s, i) => `<div class="h-notes" data-m="notes" data-i="${i}" ${w(geo.notesW)}>${s.notes}</div>`)
  return `<div class="h-measure h-l${geo.layout}">
<div data-m="cover" ${w(geo.contentW)}>${coverHead(model)}</div>
${toc.join('\n')}
${heads.join('\n')}
${notes.join('\n')}
</div>`
}

// ---------------------------------------------------------------------------
// Pagination.

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

const px = (n: number) => `${Math.round(n * 100) / 100}px`

function coverHead(model: HandoutModel): string {
  const L = model.labels
  const meta = [model.author, model.date].filter(Boolean).map((s) => escapeHtml(s!)).join(' · ')
  return `<div class="h-cover-head">
<p class="h-eyebrow">${escapeHtml(L.handout)}</p>
<h1 class="h-cover-title">${model.title}</h1>
${meta ? `<p class="h-cover-meta">${meta}</p>` : ''}
<div class="h-rule"></div>
<h2 class="h-toc-title">${escapeHtml(L.talks)}</h2>
</div>`
}

function tocEntry(s: HandoutSection, page: string): string {
  const num = s.number !== undefined ? `${s.number}.` : ''
  return `<a class="h-toc-entry${s.kind === 'topics' ? ' h-toc-topics' : ''}" href="#${escapeHtml(s.anchor)}"><span class="h-toc-num">${num}</span><span class="h-toc-text"><span class="h-toc-name">${withoutFootnoteRefs(s.title)}</span>${
    s.meta ? `<span class="h-toc-meta">${escapeHtml(s.meta)}</span>` : ''
  }</span><span class="h-toc-page">${page}</span></a>`
}

function sectionHead(s: HandoutSection): string {
  return `<header class="h-head">
<p class="h-eyebrow">${escapeHtml(s.eyebrow)}</p>
<h1 class="h-title">${s.title}</h1>
${s.meta ? `<p class="h-meta">${escapeHtml(s.meta)}</p>` : ''}
${s.role ? `<p class="h-role">${escapeHtml(s.role)}</p>` : ''}
${(s.footnotes ?? []).map((f) => `<p class="h-role h-footnote">${f.n}. ${f.html}</p>`).join('')}
</header>`
}

function slideBox(slide: HandoutSlide, geo: Geometry, x: number, y: number): string {
  return `<div class="h-slide" style="left:${px(x)};top:${px(y)};width:${px(geo.slideW)};height:${px(geo.slideH)}"><div class="h-scale" style="transform:scale(${geo.scale.toFixed(6)})"><div class="reveal"${
    slide.background ? ` style="${escapeHtml(slide.background)}"` : ''
  }><div class="slides"><div class="h-stage">
${slide.html}
</div></div></div></div></div>`
}

/** The handout's <body>: every page box, positioned to the pixel. */
export function renderHandout(model: HandoutModel, geo: Geometry, m: Measures, plan: Pagination): string {
  const total = plan.pages.length
  const L = model.labels
  const cellW = (geo.contentW - (geo.cols - 1) * geo.gapX) / geo.cols
  const pages = plan.pages.map((p, pi) => {
    const parts: string[] = []
    const at = (y: number) => geo.y0 + y
    if (p.kind === 'cover') {
      if (p.head) parts.push(`<div class="h-at" style="left:${px(geo.x0)};top:${px(geo.y0)};width:${px(geo.contentW)}">${coverHead(model)}</div>`)
      for (const { entry, y } of p.toc) {
        const s = model.sections[entry]!
        parts.push(`<div class="h-at" style="left:${px(geo.x0)};top:${px(at(y))};width:${px(geo.contentW)}">${tocEntry(s, String(plan.sectionPages[entry]))}</div>`)
      }
    } else {
      const s = model.sections[p.section!]!
      parts.push(`<div class="h-run" style="left:${px(geo.x0)};top:${px(geo.runTop)};width:${px(geo.contentW)}"><span>${escapeHtml(s.titleText)}</span><span>${escapeHtml(model.titleText)}</span></div>`)
      if (p.head) parts.push(`<div class="h-at" id="${escapeHtml(s.anchor)}" style="left:${px(geo.x0)};top:${px(geo.y0)};width:${px(geo.contentW)}">${sectionHead(s)}</div>`)
      for (const row of p.rows) {
        for (const cell of row.cells) {
          const x = geo.x0 + cell.col * (cellW + geo.gapX)
          let ny = at(row.y)
          let nx = x
          if (cell.slide !== undefined) {
            parts.push(slideBox(model.slides[cell.slide]!, geo, x, at(row.y)))
            if (geo.beside) nx = x + geo.slideW + geo.gapX
            else ny += geo.slideH + geo.notesGap
          } else if (geo.beside) nx = x + geo.slideW + geo.gapX
          if (cell.chunks.length === 0) continue
          const chunks = m.chunks[cell.notesOf]!
          const label = cell.continued
            ? `<p class="h-cont">${escapeHtml(`${L.notes} (${L.continued}) · ${model.slides[cell.notesOf]!.label}`)}</p>`
            : ''
          parts.push(
            `<div class="h-notes" style="left:${px(nx)};top:${px(ny)};width:${px(geo.notesW)}">${label}${cell.chunks.map((k) => `<div class="h-chunk">${chunks[k]!.html}</div>`).join('')}</div>`,
          )
        }
      }
    }
    parts.push(
      `<div class="h-foot" style="left:${px(geo.x0)};top:${px(geo.footTop)};width:${px(geo.contentW)}"><span>${escapeHtml(model.titleText)} · ${escapeHtml(L.handout)}</span><span class="h-pageno">${pi + 1} / ${total}</span></div>`,
    )
    return `<div class="h-page">\n${parts.join('\n')}\n</div>`
  })
  return `<div class="h-doc h-l${geo.layout}">\n${pages.join('\n')}\n</div>`
}

/**
 * The page the handout is measured and printed in: the deck's CSS, the
 * handout's, and of the deck's scripts only the syntax highlighter (the
 * slides' HTML is inserted later, so nothing in it runs).
 */
export function handoutPage(model: HandoutModel, geo: Geometry, assets: PageAssets, handoutCss: string): string {
  const links = assets.css.map((h) => `<link rel="stylesheet" href="${escapeHtml(h)}">`).join('\n')
  const highlight = assets.scripts.filter((s) => s.endsWith('/highlight.js')).map((s) => `<script src="${escapeHtml(s)}"></script>`)
  return `<!DOCTYPE html>
<html lang="${escapeHtml(model.lang)}" class="print-pdf">
<head>
<meta charset="utf-8">
<meta name="generator" content="bbl">
<title>${escapeHtml(`${model.titleText} · ${model.labels.handout}`)}</title>
${links}
<style>
${handoutCss}
@page { size: ${geo.widthMm}mm ${geo.heightMm}mm; margin: 0; }
.h-page { width: ${geo.widthMm}mm; height: ${geo.heightMm}mm; }
</style>
</head>
<body class="h-body"></body>
${highlight.join('\n')}
</html>
`
}

/** Outline of the handout: the cover, then one entry per section, at its first page (0-based). */
export function handoutOutline(model: HandoutModel, plan: Pagination): Array<{ title: string; page: number }> {
  return [
    { title: model.titleText, page: 0 },
    ...model.sections.map((s, i) => ({
      title: s.number !== undefined ? `${s.number}. ${s.titleText}` : s.titleText,
      page: plan.sectionPages[i]! - 1,
    })),
  ]
}
