/**
 * The handout, composed: a cover with the talks and their page numbers, then
 * each talk (a header, its slides several to a page, each slide's speaker notes
 * beside or below it), laid out as fixed-size page boxes so that every page
 * number is known when the page is written. Pure: the slide plan, the fitting
 * results and the heights the browser measured in; HTML and page numbers out.
 *
 * This folder: model.ts (what goes in: talks, slides, notes), layout.ts (paper
 * geometry and pagination from measured heights), render.ts (the page HTML),
 * print.ts (measuring and printing in the browser; the only one with I/O).
 *
 * The slides are the recap deck's own slide HTML, scaled down with a CSS
 * transform: their text stays text (vector, searchable) on paper.
 */
import { type Conference, type Talk, talkMeta } from '../../notes/conference.js'
import type { Labels } from '../../notes/lang.js'
import { withoutFootnoteRefs } from '../../notes/footnotes.js'
import type { Footnote } from '../../notes/model.js'
import type { DeckPlan, SlideSpec } from '../../slides/spec.js'
import { type Brand, expandSlides, type Fitted } from '../../slides/render.js'
import { htmlToText } from '../../core/text.js'

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
  /** The title's footnotes, under it on the first page. */
  footnotes?: Footnote[]
  author?: string
  date?: string
  labels: Labels
  sections: HandoutSection[]
  slides: HandoutSlide[]
  /** The decks' branding: their slides show it here too, and each page's foot shows the footer. */
  brand?: Brand
}

/**
 * What goes in the handout: every talk of the recap deck under its own header,
 * and the recap's other content (overview, people met...) under the
 * conference's. The recap's cover, agenda and closing slides are left out: the
 * handout's cover says the same, with page numbers.
 */
export function handoutModel(conf: Conference, recap: DeckPlan, fitted: (spec: SlideSpec) => Fitted, labels: Labels, brand?: Brand): HandoutModel {
  const slides: HandoutSlide[] = []
  const sections: HandoutSection[] = []
  const talks = new Map<string, Talk>(conf.talks.map((t) => [t.slug, t]))
  const topicTitles = new Map<string, string>()
  for (const item of conf.items) if (item.type === 'topic') topicTitles.set(item.topic.slug, item.topic.title)
  // The conference's title where it is only named (headers, labels, the outline): its footnotes are on the first page.
  const named = withoutFootnoteRefs(conf.title)

  for (const stack of recap.stacks) {
    const first = stack.slides[0]
    if (!first || SKIPPED.some((c) => first.classes.includes(c))) continue
    const talk = first.classes.includes('bbl-cover-talk') && first.ref ? talks.get(first.ref) : undefined
    // The talk's cover slide says what its header says.
    const specs = talk ? stack.slides.slice(1) : stack.slides
    const fallback = talk ? talk.titleText : htmlToText(topicTitles.get(first.ref ?? '') ?? named)
    const indexes = expand(specs, fitted, fallback, brand).map((s) => slides.push(s) - 1)
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
    const title = topicTitles.get(first.ref ?? '') ?? named
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
        title: conf.kind === 'deck' ? named : title,
        titleText: htmlToText(conf.kind === 'deck' ? named : title),
        meta: '',
        slides: indexes,
      })
    }
  }
  return {
    lang: conf.lang,
    title: conf.title,
    titleText: conf.titleText,
    ...(conf.titleFootnotes ? { footnotes: conf.titleFootnotes } : {}),
    ...(conf.author ? { author: conf.author } : {}),
    ...(conf.date ? { date: conf.date } : {}),
    labels,
    sections: sections.filter((s) => s.slides.length > 0 || s.kind === 'talk'),
    slides,
    ...(brand ? { brand } : {}),
  }
}

const SKIPPED = ['bbl-cover-conference', 'bbl-agenda-slide', 'bbl-closing']

/** A stack's specs → its final slides, each with its notes (a flow's notes go with its last slide, as in the deck). */
function expand(specs: SlideSpec[], fitted: (spec: SlideSpec) => Fitted, fallback: string, brand?: Brand): HandoutSlide[] {
  const html = expandSlides(
    specs.map((s) => ({ ...s, notes: [] })),
    fitted,
    brand,
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
