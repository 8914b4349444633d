/**
 * Conference → slide plan: which slides each deck has, in which order, before
 * fitting. Pure: the conference, the pictures' facts and the labels in; plain
 * data out. Flows (a section's text) become one or more slides once fitted
 * (src/slides/fit.ts); every other slide has a fixed shape.
 */
import { type Conference, type Part, type Talk, talkMeta, type Topic } from '../notes/conference.js'
import { isRtlLang, type Labels } from '../notes/lang.js'
import type { Block, Footnote, ImageRef } from '../notes/model.js'
import { escapeHtml } from '../core/text.js'
import { withoutFootnoteRefs } from '../notes/footnotes.js'
import { mediaHtml } from './players.js'
import { footnoteList } from './foot.js'
import { groupPhotos, photoSlideHtml, rewriteImages } from './pictures.js'
import { backgroundStyle, parseColour, pictureBackdrop } from './contrast.js'
import { BBL_IDS, type DeckPlan, type Figure, type FixedSlide, type FlowSlide, MARK, NO_TITLE, type PlanOptions, type SlideSpec, type Stack } from './spec.js'

/** Longest paragraph (characters) that may introduce the photo after it on the photo's slide. */
const LEAD_MAX = 160

export function planDecks(conf: Conference, opts: PlanOptions): DeckPlan[] {
  const ctx = new Planner(conf, opts)
  const decks: DeckPlan[] = [ctx.recap()]
  for (const talk of conf.talks) {
    if (!opts.talks || opts.talks.has(talk.slug)) decks.push(ctx.talkDeck(talk))
  }
  return decks
}

class Planner {
  private readonly L: Labels
  constructor(
    private readonly conf: Conference,
    private readonly opts: PlanOptions,
  ) {
    this.L = opts.labels
  }

  recap(): DeckPlan {
    const { conf } = this
    const deck = conf.kind === 'deck'
    // A plain deck's author may hide its title slide (`:notitle:`); conference notes always have their cover.
    const stacks: Stack[] = deck && conf.titleSlide.hidden ? [] : [{ slides: [this.conferenceCover()] }]
    if (conf.talks.length > 0) stacks.push({ slides: [this.agenda()] })
    for (const item of conf.items) {
      const slides = item.type === 'topic' ? this.topicSlides(item.topic) : this.talkSlides(item.talk, 'recap')
      if (slides.length > 0) stacks.push({ slides })
    }
    if (!deck) stacks.push({ slides: [this.closing()] })
    return { kind: 'recap', file: 'index.html', title: conf.titleText, lang: conf.lang, stacks }
  }

  talkDeck(talk: Talk): DeckPlan {
    const slides = this.talkSlides(talk, 'talk')
    const stacks = slides.map((s) => ({ slides: [s] }))
    stacks.push({ slides: [this.closing(talk)] })
    // The deck is the notes, in the notes' language; the talk's own language is metadata.
    return { kind: 'talk', file: `${talk.slug}.html`, title: talk.titleText, lang: this.conf.lang, talk, stacks }
  }

  /** "A, B et C": speakers joined as the notes' language joins names. */
  private names(list: string[]): string {
    try {
      return new Intl.ListFormat(this.conf.lang, { type: 'conjunction' }).format(list)
    } catch {
      return list.join(', ')
    }
  }

  private fixed(html: string, classes: string[], id?: string, notes: string[] = []): FixedSlide {
    return { type: 'fixed', html, classes, attrs: {}, notes, id }
  }

  private conferenceCover(): FixedSlide {
    const { conf, L } = this
    const meta = [conf.author, conf.date].filter(Boolean).map((s) => escapeHtml(s!)).join(' · ')
    const n = conf.talks.length
    const deck = conf.kind === 'deck'
    const html = `<div class="bbl-body">
${deck ? '' : `<p class="bbl-eyebrow" dir="auto">${escapeHtml(L.recap)}</p>`}
<h1 class="bbl-cover-title" dir="auto">${conf.title}</h1>
<div class="bbl-rule"></div>
${meta ? `<p class="bbl-cover-meta" dir="auto">${meta}</p>` : ''}
${n > 0 ? `<p class="bbl-cover-meta" dir="auto">${n} ${escapeHtml((n === 1 ? L.talk : L.talks).toLowerCase())}</p>` : ''}
</div>${conf.titleFootnotes ? footnoteList(conf.titleFootnotes) : ''}`
    const cover = this.fixed(html, ['bbl-cover', 'bbl-cover-conference', MARK], BBL_IDS.cover, conf.coverNotes)
    cover.attrs = dataAttributes(conf.titleSlide.attributes, this.opts)
    if (['data-background-image', 'data-background-video', 'data-background-color', 'data-background-iframe', 'data-background-gradient'].some((k) => k in cover.attrs)) cover.classes.push('bbl-has-background')
    return cover
  }

  private agenda(): FlowSlide {
    // A title that holds a link (a URL as a talk's title) inside the agenda's own link: nested
    // links are split by the HTML parser, leaving an empty link a screen reader cannot name.
    const withoutLinks = (html: string) => html.replace(/<a\b[^>]*>/g, '<span>').replace(/<\/a>/g, '</span>')
    const { conf, L } = this
    const dir = isRtlLang(conf.lang) ? 'rtl' : 'ltr'
    const items = conf.talks.map((t) => {
      const meta = talkMeta(t).map(escapeHtml)
      const top = t.highlight ? ` <span class="bbl-badge bbl-badge-top">★ ${escapeHtml(t.highlightText ?? L.highlight)}</span>` : ''
      // The line runs in the deck's direction; a title or name in another script is isolated
      // (dir="auto", <bdi>) so that it cannot move the number or the meta around it.
      return `<li${t.highlight ? ' class="bbl-top"' : ''} dir="${dir}"><p dir="${dir}"><span class="bbl-num">${t.index}.</span><a href="#/${t.slug}" dir="auto">${withoutLinks(withoutFootnoteRefs(t.title))}</a>${top}${
        meta.length ? ` <span class="bbl-meta">— ${meta.map((m) => `<bdi>${m}</bdi>`).join(' · ')}</span>` : ''
      }</p></li>`
    })
    return {
      type: 'flow',
      kicker: conf.titleText,
      // The notes' own heading over their talks ("Conférences"), else the language's word for an agenda.
      title: conf.talksTitle ?? escapeHtml(L.agenda),
      group: 'agenda',
      blocks: [`<div class="ulist bbl-agenda" dir="${dir}"><ul>${items.join('')}</ul></div>`],
      classes: ['bbl-content', 'bbl-agenda-slide', MARK],
      attrs: {},
      notes: [],
      id: BBL_IDS.agenda,
    }
  }

  private closing(talk?: Talk): FixedSlide {
    const { conf, L } = this
    const who = talk ? this.names(talk.speakers) : (conf.author ?? '')
    const html = `<div class="bbl-body">
<p class="bbl-eyebrow" dir="auto">${withoutFootnoteRefs(talk ? talk.title : conf.title)}</p>
<h1 class="bbl-cover-title" dir="auto">${escapeHtml(talk ? L.questions : L.thanks)}</h1>
<div class="bbl-rule"></div>
${talk ? '' : `<p class="bbl-speakers" dir="auto">${escapeHtml(L.questions)}</p>`}
${who ? `<p class="bbl-cover-meta" dir="auto">${escapeHtml(who)}</p>` : ''}
</div>`
    return this.fixed(html, ['bbl-cover', 'bbl-closing', MARK], BBL_IDS.end)
  }

  private talkCover(talk: Talk, where: 'recap' | 'talk'): FixedSlide {
    const { conf, L } = this
    // The day or track the talk was in ("Tag 1") is said here: the notes' day sections have no slide of their own.
    const track = talk.track ? `${escapeHtml(talk.track)} · ` : ''
    const eyebrow =
      where === 'recap' ? `${escapeHtml(L.talkOf(talk.index, conf.talks.length))} · ${track}${withoutFootnoteRefs(conf.title)}` : `${track}${withoutFootnoteRefs(conf.title)}`
    const badges = [
      talk.highlight ? `<span class="bbl-badge bbl-badge-top">★ ${escapeHtml(talk.highlightText ?? L.highlight)}</span>` : '',
      talk.company ? `<span class="bbl-badge">${escapeHtml(talk.company)}</span>` : '',
      talk.lang ? `<span class="bbl-badge" title="${escapeHtml(L.language)}">${talk.lang.toUpperCase()}</span>` : '',
    ].join('')
    const html = `<div class="bbl-body">
<p class="bbl-eyebrow" dir="auto">${eyebrow}</p>
<h1 class="bbl-cover-title" dir="auto">${talk.title}</h1>
${talk.speakers.length ? `<p class="bbl-speakers" dir="auto">${talk.speakerLead ? `<span class="bbl-by">${escapeHtml(talk.speakerLead)}</span> ` : ''}${escapeHtml(this.names(withCompanies(talk)))}</p>` : ''}
${talk.role ? `<p class="bbl-role" dir="auto">${escapeHtml(talk.role)}</p>` : ''}
${badges ? `<p class="bbl-badges">${badges}</p>` : ''}
</div>${talk.titleFootnotes ? footnoteList(talk.titleFootnotes) : ''}`
    const slide = this.fixed(html, ['bbl-cover', 'bbl-cover-talk', MARK, ...talk.roles], talk.id || talk.slug)
    slide.ref = talk.slug
    // The talk's slug stays a way in too (#/kafka-beyond-the-brokers): shorter to share than Asciidoctor's id.
    if (talk.id && talk.id !== talk.slug) slide.anchors = [talk.slug]
    slide.attrs = dataAttributes(talk.slideAttributes, this.opts)
    return slide
  }

  talkSlides(talk: Talk, where: 'recap' | 'talk'): SlideSpec[] {
    const kicker = talk.titleText
    return [
      this.talkCover(talk, where),
      // The kicker already names the talk: the slide is titled as what it is.
      ...this.blockSlides(talk.intro, { kicker, title: escapeHtml(this.L.introduction), group: `${talk.slug}/intro`, classes: ['bbl-part-intro'] }),
      ...talk.parts.flatMap((p, i) => this.partSlides(p, kicker, `${talk.slug}/${i}`)),
    ]
  }

  private topicSlides(topic: Topic): SlideSpec[] {
    // A plain deck's slides are titled as the author titled them, with nothing above.
    const deck = this.conf.kind === 'deck'
    const kicker = deck ? '' : this.conf.titleText
    const first = this.blockSlides(topic.blocks, {
      kicker,
      title: topic.title,
      group: topic.slug,
      classes: ['bbl-topic', ...(topic.hideTitle ? [NO_TITLE] : []), ...topic.roles],
      titleFootnotes: topic.titleFootnotes,
      attrs: dataAttributes(topic.slideAttributes, this.opts),
      // A plain deck keeps a section's slide even with nothing but its title (and background), as the author made it.
      keepEmpty: deck || topic.parts.length === 0,
    })
    const rest = topic.parts.flatMap((p, i) => this.partSlides(p, deck ? '' : `${kicker} · ${topic.titleText}`, `${topic.slug}/${i}`))
    const opening = first[0] ?? rest[0]
    if (opening) {
      // A topic with no text of its own opens on its first part's slide, which keeps the part's id.
      if (!first[0] && opening.id && topic.id) opening.anchors = [...(opening.anchors ?? []), topic.id]
      else opening.id = topic.id || `bbl~${topic.slug}`
      opening.ref = topic.slug
      opening.classes = [...opening.classes, MARK]
    }
    return [...first, ...rest]
  }

  private partSlides(part: Part, kicker: string, group: string): SlideSpec[] {
    const slides = [
      ...this.blockSlides(part.blocks, {
        kicker,
        title: part.title,
        group,
        classes: [`bbl-part-${part.kind}`, ...(part.hideTitle ? [NO_TITLE] : []), ...part.roles],
        titleFootnotes: part.titleFootnotes,
        attrs: dataAttributes(part.slideAttributes, this.opts),
        keepEmpty: this.conf.kind === 'deck' || part.parts.length === 0,
      }),
      ...part.parts.flatMap((p, i) => this.partSlides(p, kicker && `${kicker} · ${part.titleText}`, `${group}/${i}`)),
    ]
    if (slides[0] && part.id) slides[0].id = part.id
    return slides
  }

  /**
   * A section's blocks: text runs become flows, photos get slides of their own
   * (sharing one only while each stays as large as it would be alone).
   */
  private blockSlides(
    blocks: Block[],
    given: { kicker: string; title: string; group: string; classes: string[]; titleFootnotes?: Footnote[]; attrs?: Record<string, string>; keepEmpty?: boolean },
  ): SlideSpec[] {
    // A picture in the title points at its copy, as in the text.
    const o = { ...given, title: rewriteImages(given.title, this.opts.images, this.L) }
    const out: SlideSpec[] = []
    let run: Block[] = []
    let notes: string[] = []
    const attrs = o.attrs ?? {}
    const flush = (force = false) => {
      if (run.length === 0 && !force) return
      const html = run.map((b) =>
        b.kind !== 'html' ? '' : b.media ? mediaHtml(b.media, this.opts.media?.get(b.media.src), this.L) : rewriteImages(b.html, this.opts.images, this.L),
      )
      // The title's footnotes go with every slide that shows the title; a hidden title has none.
      const footnotes = footnotesOf(run, o.classes.includes(NO_TITLE) ? [] : o.titleFootnotes)
      const line = run.find((b) => b.line)?.line
      out.push({
        type: 'flow',
        kicker: o.kicker,
        title: o.title,
        group: o.group,
        blocks: html,
        classes: ['bbl-content', ...o.classes],
        attrs,
        notes,
        ...(footnotes.length ? { footnotes } : {}),
        ...(line ? { line } : {}),
      })
      run = []
      notes = []
    }
    let photos: Figure[] = []
    let lead: string | undefined
    const flushPhotos = () => {
      // A photo slide has no foot: the title's footnotes are on the section's text slides.
      const title = o.classes.includes(NO_TITLE) ? '' : withoutFootnoteRefs(o.title)
      for (const [i, group] of groupPhotos(photos).entries()) out.push(this.photoSlide(group, o.kicker, title, attrs, i === 0 ? lead : undefined))
      photos = []
      lead = undefined
    }
    for (const b of blocks) {
      if (b.kind === 'notes') {
        // Speaker notes belong to what precedes them: the photo just shown, or the text run.
        const html = rewriteImages(b.html, this.opts.images, this.L)
        if (photos.length) {
          flushPhotos()
          out.at(-1)!.notes.push(html)
        } else notes.push(html)
        continue
      }
      if (b.kind === 'photos') {
        if (photos.length === 0) {
          // A short paragraph right before a photo introduces it: it goes above the photo.
          const last = run.at(-1)
          if (last?.kind === 'html' && last.context === 'paragraph' && last.images.length === 0 && !last.footnotes && last.text.length <= LEAD_MAX) {
            lead = rewriteImages(last.html, this.opts.images, this.L)
            run.pop()
          }
          flush()
        }
        // Several inline images under one title: the title captions each slide of the group.
        const many = b.images.length > 1
        for (const ref of b.images) photos.push({ ...this.figure(ref, many ? undefined : b.caption), groupCaption: many ? b.caption : undefined })
        continue
      }
      flushPhotos()
      run.push(b)
    }
    flushPhotos()
    flush(out.length === 0 && !!o.keepEmpty)
    if (notes.length && out.length) out[out.length - 1]!.notes.push(...notes)
    return out
  }

  private figure(ref: ImageRef, caption?: string): Figure {
    const image = this.opts.images.get(ref.src) ?? { src: ref.src, target: ref.target, status: 'missing' as const }
    return { image, alt: ref.alt, caption }
  }

  private photoSlide(figures: Figure[], kicker: string, title: string, attrs: Record<string, string>, lead?: string): FixedSlide {
    return { type: 'fixed', html: photoSlideHtml(figures, [escapeHtml(kicker), title].filter(Boolean).join(' · '), lead, this.L), classes: ['bbl-photo'], attrs, notes: [] }
  }
}

/** Speakers of different companies are shown each with theirs ("Ada Park (Initech)"); one company is the badge. */
function withCompanies(talk: Talk): string[] {
  const companies = talk.companies ?? []
  if (new Set(companies.filter(Boolean)).size < 2) return talk.speakers
  return talk.speakers.map((n, i) => (companies[i] ? `${n} (${companies[i]})` : n))
}

/** The footnotes a run of blocks (and its slide's title) references, each once, in the order of their numbers. */
function footnotesOf(blocks: Block[], title: Footnote[] = []): Footnote[] {
  const seen = new Map<number, Footnote>(title.map((f) => [f.n, f]))
  for (const b of blocks) if (b.kind === 'html') for (const f of b.footnotes ?? []) seen.set(f.n, f)
  return [...seen.values()].sort((a, b) => a.n - b.n)
}

/** Section attributes the reveal.js converter documents, as data-* attributes; pictures are resolved. */
function dataAttributes(attrs: Record<string, string>, opts: PlanOptions): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'background-image' || k === 'background-video') {
      // A remote background video is not played (nothing is fetched): src/assets/media-files.ts warns.
      const table: ReadonlyMap<string, { target: string; status: string; output?: string }> = k === 'background-image' ? opts.images : (opts.media ?? new Map())
      const file = [...table.values()].find((i) => i.target === v)
      if (file?.status === 'ok' && file.output) out[`data-${k}`] = file.output
      continue
    }
    // A remote page behind the slide would be requested when the deck opens (src/assets/media-files.ts warns).
    if (k === 'background-iframe' && /^[a-z][a-z0-9+.-]*:\/\//i.test(v) && !v.startsWith('file:')) continue
    out[`data-${k}`] = v
  }
  return { ...out, ...backdrop(out, opts) }
}

/**
 * A slide with its own background (a colour, or a picture's tone) gets text
 * colours for it (src/slides/contrast.ts), and a scrim behind its text when the
 * picture is both dark and light.
 */
function backdrop(data: Record<string, string>, opts: PlanOptions): Record<string, string> {
  const colour = data['data-background-color'] && parseColour(data['data-background-color'])
  if (colour) return { style: backgroundStyle(colour) }
  // A picture that does not cover the slide (`size=100px`, `contain`) leaves text on the theme's background.
  const size = data['data-background-size']?.trim() ?? 'cover'
  const covers = size === 'cover' || /^repeat\b/.test(data['data-background-repeat'] ?? '')
  const tone = covers && data['data-background-image'] && opts.tones?.get(data['data-background-image'])
  if (!tone) return {}
  const { bg, scrim } = pictureBackdrop(tone)
  return { style: backgroundStyle(bg, scrim), ...(scrim ? { 'data-bbl-scrim': '' } : {}) }
}
