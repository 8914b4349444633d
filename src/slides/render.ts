/**
 * Slide plan (fitted) → HTML: the reveal.js decks, the page the paginator
 * measures in. Pure string work (the landing page: landing.ts).
 */
import { isRtlLang } from '../notes/lang.js'
import type { DeckPlan, FlowSlide, SlideSpec } from './spec.js'
import { escapeHtml } from '../core/text.js'
import { footnoteList } from './foot.js'

/** What the deck folder's assets/ holds, as the pages link it. */
export interface PageAssets {
  css: string[]
  scripts: string[]
}

export function pageAssets(o: { revealTheme: boolean; highlight: boolean }): PageAssets {
  return {
    css: [
      'assets/reveal/reveal.css',
      'assets/fonts/fonts.css',
      'assets/bbl.css',
      'assets/theme/theme.css',
      ...(o.revealTheme ? ['assets/reveal-theme.css'] : []),
      ...(o.highlight ? ['assets/reveal/plugin/highlight/monokai.css'] : []),
    ],
    scripts: [
      'assets/reveal/reveal.js',
      'assets/reveal/plugin/notes.js',
      ...(o.highlight ? ['assets/reveal/plugin/highlight.js'] : []),
      'assets/deck.js',
    ],
  }
}

/** A deck's branding as its slides show it: the logo's path in the deck folder, the footer text. */
export interface Brand {
  logo?: string
  footer?: string
}

/**
 * The branding of one slide: a band at its foot (small logo, footer text) and, on a
 * cover (title and closing slides), the logo large at the top. Both are placed in
 * room the CSS keeps free on branded slides (.bbl-branded), which the fitter measured.
 */
export function brandHtml(brand: Brand | undefined, cover: boolean): string {
  if (!brand) return ''
  const img = (cls: string) => (brand.logo ? `<img class="${cls}" src="${escapeHtml(brand.logo)}" alt="">` : '')
  const footer = brand.footer ? `<p class="bbl-footer" dir="auto">${escapeHtml(brand.footer)}</p>` : ''
  return `\n${cover ? img('bbl-logo bbl-logo-cover') : ''}<div class="bbl-brand">${cover ? '' : img('bbl-logo')}${footer}</div>`
}

/** The result of fitting one slide spec. */
export type Fitted = { type: 'flow'; pages: string[][] } | { type: 'fixed'; step: number }

/** Key under which a spec is fitted: identical specs (recap and talk decks) are fitted once. */
export function fitKey(spec: SlideSpec): string {
  const footnotes = spec.type === 'flow' && spec.footnotes ? `\u0000${spec.footnotes.map((f) => `${f.n}\u0002${f.html}`).join('\u0001')}` : ''
  return spec.type === 'flow'
    ? `flow\u0000${spec.kicker}\u0000${spec.title}\u0000${spec.classes.join(' ')}\u0000${spec.blocks.join('\u0001')}${footnotes}`
    : `fixed\u0000${spec.classes.join(' ')}\u0000${spec.html}`
}

const COUNT_PLACEHOLDER = '(88/88)'
/** Languages written right to left: their decks are laid out that way. */

function attrs(spec: SlideSpec, extra: string[] = []): string {
  const classes = ['bbl-s', ...spec.classes, ...extra].filter(Boolean).join(' ')
  const data = Object.entries(spec.attrs)
    .map(([k, v]) => ` ${k}="${escapeHtml(v)}"`)
    .join('')
  return ` class="${escapeHtml(classes)}"${data}`
}

/** Empty elements carrying the other section ids that land on this slide (reveal.js finds a slide from any element's id). */
const anchors = (ids: string[] = []) => ids.map((a) => `<span id="${escapeHtml(a)}" class="bbl-anchor"></span>`).join('')

/** How a flow slide is written besides its blocks: its counter ("(2/3)"), id, speaker notes and brand; `skeleton` for the paginator's empty one. */
export interface FlowParts {
  count: string
  id?: string
  notes?: string
  skeleton?: boolean
  brand?: Brand
}

/** A flow slide's section: head (kicker, title, counter), body, footnotes, brand and speaker notes. */
export function flowSection(spec: FlowSlide, body: string, { count, id, notes = '', skeleton = false, brand }: FlowParts): string {
  const countHtml = count ? `<span class="bbl-count">${count}</span>` : ''
  return `<section${id ? ` id="${escapeHtml(id)}"` : ''}${attrs(spec)}><div class="bbl-slide">${id ? anchors(spec.anchors) : ''}
<header class="bbl-head">${spec.kicker ? `<p class="bbl-kicker" dir="auto">${escapeHtml(spec.kicker)}</p>` : ''}${
    // A title the author hid (`== !`, `[%notitle]`) is not shown; a continued slide still says "(2/3)".
    spec.classes.includes('bbl-notitle')
      ? countHtml ? `<p class="bbl-title" dir="auto">${countHtml}</p>` : ''
      : `<h2 class="bbl-title" dir="auto"><span class="bbl-title-text">${spec.title}</span>${countHtml}</h2>`
  }</header>
<div class="bbl-body${spec.classes.includes('columns') ? ' columns' : ''}">${body}</div>${footnoteArea(spec, body, skeleton)}${brandHtml(brand, false)}
</div>${notes}</section>`
}

/**
 * The foot of a flow slide: the texts of the footnotes its title and body reference.
 * The skeleton the paginator fills holds them all, hidden; it shows those of the
 * title and of the blocks it has placed (src/page/paginate.js), so the slide is
 * measured with them.
 */
function footnoteArea(spec: FlowSlide, body: string, skeleton: boolean): string {
  if (!spec.footnotes) return ''
  const title = spec.classes.includes('bbl-notitle') ? '' : spec.title
  const refs = new Set([...(title + body).matchAll(/<sup class="footnote" data-footnote="(\d+)">/g)].map((m) => Number(m[1])))
  const shown = skeleton ? spec.footnotes : spec.footnotes.filter((f) => refs.has(f.n))
  if (shown.length === 0) return ''
  return footnoteList(shown, skeleton)
}


export function fixedSection(spec: SlideSpec & { type: 'fixed' }, step: number, id?: string, notes = '', brand?: Brand): string {
  const fit = step > 0 ? [`bbl-fit-${step}`] : []
  return `<section${id ? ` id="${escapeHtml(id)}"` : ''}${attrs(spec, fit)}><div class="bbl-slide">${id ? anchors(spec.anchors) : ''}
${spec.html}${brandHtml(brand, spec.classes.includes('bbl-cover'))}
</div>${notes}</section>`
}

/** The empty slide the paginator fills, identical to the final one but for the counter. */
export function flowSkeleton(spec: FlowSlide): string {
  return flowSection(spec, '', { count: COUNT_PLACEHOLDER, skeleton: true })
}

/** Expand every spec into its final slides, numbering continued flows "(2/3)" per group. */
export function expandSlides(specs: SlideSpec[], fitted: (spec: SlideSpec) => Fitted, brand?: Brand): string[] {
  const totals = new Map<string, number>()
  for (const s of specs) {
    if (s.type !== 'flow') continue
    const f = fitted(s)
    if (f.type === 'flow') totals.set(s.group, (totals.get(s.group) ?? 0) + f.pages.length)
  }
  const seen = new Map<string, number>()
  const out: string[] = []
  for (const s of specs) {
    const notes = s.notes.join('\n')
    const f = fitted(s)
    if (s.type === 'fixed' && f.type === 'fixed') {
      out.push(fixedSection(s, f.step, s.id, notes, brand))
      continue
    }
    if (s.type === 'flow' && f.type === 'flow') {
      const total = totals.get(s.group) ?? 1
      f.pages.forEach((blocks, i) => {
        const n = (seen.get(s.group) ?? 0) + 1
        seen.set(s.group, n)
        const count = total > 1 ? `(${n}/${total})` : ''
        // Speaker notes of a flow go with each of its slides: the presenter never faces an empty speaker view.
        out.push(flowSection(s, blocks.join('\n'), { count, id: i === 0 ? s.id : undefined, notes, brand }))
      })
    }
  }
  return out
}

export interface RenderedDeck {
  html: string
  slides: number
}

/**
 * What a deck may load once written: its own files ('self'), pictures and media
 * inlined as data: or blob:, nothing from the network. Inline scripts stay
 * allowed because reveal.js's speaker view writes one into its window (which
 * inherits this policy); whatever a script of the notes tries, it cannot reach
 * the network: every fetch directive is 'self'. `--allow-remote` writes none.
 */
export const DECK_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' data: blob:",
  "font-src 'self' data:",
  "object-src 'self'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ')

export function renderDeck(deck: DeckPlan, assets: PageAssets, fitted: (spec: SlideSpec) => Fitted, o: { allowRemote?: boolean; brand?: Brand } = {}): RenderedDeck {
  let slides = 0
  const stacks = deck.stacks.map((stack) => {
    const sections = expandSlides(stack.slides, fitted, o.brand)
    slides += sections.length
    return sections.length === 1 ? sections[0]! : `<section class="bbl-stack">\n${sections.join('\n')}\n</section>`
  })
  const html = page({
    lang: deck.lang,
    title: deck.title,
    assets,
    deck: true,
    ...(o.allowRemote ? {} : { csp: DECK_CSP }),
    body: `<div class="reveal"><div class="slides">\n${stacks.join('\n')}\n</div></div>`,
  })
  return { html, slides }
}

/** The page the paginator measures in: the deck's CSS, an empty stage, no reveal.js. */
export function measurePage(assets: PageAssets, lang: string): string {
  return page({
    lang,
    base: './',
    title: 'bbl measure',
    assets: { css: assets.css, scripts: [] },
    body: '<div class="reveal" style="width:1280px;height:720px"><div class="slides" style="width:1280px;height:720px;position:relative;transform:none;left:0;top:0;margin:0"><div id="bbl-stage"></div></div></div>',
  })
}

function page(o: { lang: string; title: string; assets: PageAssets; body: string; base?: string; style?: string; csp?: string; deck?: boolean }): string {
  const css = o.assets.css.map((h) => `<link rel="stylesheet" href="${h}">`).join('\n')
  const js = o.assets.scripts.map((s) => `<script src="${s}"></script>`).join('\n')
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}"${isRtlLang(o.lang) ? ' dir="rtl"' : ''}>
<head>
<meta charset="utf-8">
${o.csp ? `<meta http-equiv="Content-Security-Policy" content="${o.csp}">\n` : ''}${o.deck ? '<script src="assets/no-dialogs.js"></script>\n' : ''}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bbl">
${o.base ? `<base href="${escapeHtml(o.base)}">\n` : ''}<title>${escapeHtml(o.title)}</title>
${css}${o.style ? `<style>\n${o.style}\n</style>` : ''}
</head>
<body>
${o.body}
${js}
</body>
</html>
`
}
