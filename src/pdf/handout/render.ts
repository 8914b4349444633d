/**
 * The handout's HTML: what the browser measures first, then the pages at the
 * places layout.ts chose. Pure.
 */
import type { PageAssets } from '../../slides/render.js'
import { escapeHtml } from '../../core/text.js'
import { withoutFootnoteRefs } from '../../notes/footnotes.js'
import type { Footnote } from '../../notes/model.js'
import type { Measures } from '../../page/contract.js'
import type { Geometry, Pagination } from './layout.js'
import type { HandoutModel, HandoutSection, HandoutSlide } from './model.js'

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

const px = (n: number) => `${Math.round(n * 100) / 100}px`

/** A title's footnotes, under it (a cover's or a talk header's). */
const footnoteLines = (list: Footnote[] = []): string => list.map((f) => `<p class="h-role h-footnote">${f.n}. ${f.html}</p>`).join('')

function coverHead(model: HandoutModel): string {
  const L = model.labels
  const meta = [model.author, model.date].filter(Boolean).map((s) => escapeHtml(s!)).join(' · ')
  return `<div class="h-cover-head">
<p class="h-eyebrow">${escapeHtml(L.handout)}</p>
<h1 class="h-cover-title">${model.title}</h1>
${meta ? `<p class="h-cover-meta">${meta}</p>` : ''}
${footnoteLines(model.footnotes)}
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
${footnoteLines(s.footnotes)}
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
      `<div class="h-foot" style="left:${px(geo.x0)};top:${px(geo.footTop)};width:${px(geo.contentW)}"><span>${escapeHtml(model.titleText)} · ${escapeHtml(L.handout)}</span>${model.brand?.footer ? `<span class="h-brand">${escapeHtml(model.brand.footer)}</span>` : ''}<span class="h-pageno">${pi + 1} / ${total}</span></div>`,
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
