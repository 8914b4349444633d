/**
 * Notes → conference: which sections are talks, which are about the conference
 * as a whole, and what each talk's title and speaker line say.
 * Pure: a NotesDoc in, a Conference out. The rules are in the README.
 */
import { detectLanguage } from './lang.js'
import type { Block, Footnote, NotesDoc, Section } from './model.js'
import { parseSpeakerLine, parseTitle, type SpeakerLine, speakerFromDlist } from './talk-meta.js'
import { htmlToText, slugify } from '../core/text.js'
import { footnoteRefs, withoutFootnoteRefs } from './footnotes.js'
import { headingSpeaker, proseSpeakers } from './prose-speakers.js'
import { authorPlan, shapePlan, type TalkPlan } from './talk-shape.js'
import { looksLikeAReport } from './talk-signs.js'

export type PartKind = 'abstract' | 'notes' | 'opinion' | 'resources' | 'qa' | 'demo' | 'other'

/** A talk's sub-section: the section as the notes gave it (title, id, roles, slide attributes, blocks), with its kind. */
export interface Part extends Pick<Section, 'title' | 'titleText' | 'titleFootnotes' | 'line' | 'id' | 'hideTitle' | 'roles' | 'slideAttributes' | 'blocks'> {
  kind: PartKind
  parts: Part[]
}

/** A talk's "who": speakers, company, language code, the parts that are there, in that order (agenda, handout, landing page). */
export function talkMeta(t: { speakers: string[]; company?: string; lang?: string }): string[] {
  return [t.speakers.join(', '), t.company ?? '', t.lang?.toUpperCase() ?? ''].filter((s) => s !== '')
}

export interface Talk {
  slug: string
  /** The section's id as Asciidoctor gave it. */
  id: string
  /** 1-based position among the talks. */
  index: number
  /** Title without markers, HTML (with its footnote references). */
  title: string
  titleText: string
  /** The footnotes written in the title, shown at the foot of the talk's title slide. */
  titleFootnotes?: Footnote[]
  /** The heading as written. */
  rawTitle: string
  company?: string
  lang?: string
  highlight: boolean
  /** The highlight marker as written ("TOP !"). */
  highlightText?: string
  /** The day, track or room sections the talk sits under, as written ("Tag 1"); '' when none. */
  track?: string
  speakers: string[]
  /** Each speaker's company, when the speaker line gives them ("Ada Park (Initech)"). */
  companies?: Array<string | undefined>
  /** "Présenté par", as written before the names. */
  speakerLead?: string
  role?: string
  /** Content between the heading and the first sub-section, minus the speaker line. */
  intro: Block[]
  parts: Part[]
  line?: number
  roles: string[]
  slideAttributes: Record<string, string>
}

/** A section about the conference as a whole: overview, buzz words, people met, closing words. */
export interface Topic {
  slug: string
  /** The section's id as Asciidoctor gave it ('' for the preamble). */
  id: string
  hideTitle?: boolean
  title: string
  titleText: string
  /** The footnotes written in the title, shown at the foot of its slides. */
  titleFootnotes?: Footnote[]
  line?: number
  roles: string[]
  slideAttributes: Record<string, string>
  blocks: Block[]
  parts: Part[]
}

export type Item = { type: 'topic'; topic: Topic } | { type: 'talk'; talk: Talk }

export interface Conference {
  /**
   * Conference notes (talks found, or --as notes) get a recap deck, talk decks and
   * bbl's wording; a plain deck (no talks, or --as deck) is shown as its author wrote it.
   */
  kind: 'notes' | 'deck'
  /** The title slide: shown unless the notes say `:notitle:`, with the notes' `title-slide-background-*`. */
  titleSlide: NotesDoc['titleSlide']
  name: string
  file: string
  title: string
  titleText: string
  /** The notes title's footnotes: at the foot of the cover and the handout's first page. */
  titleFootnotes?: Footnote[]
  author?: string
  /** Speaker notes written before the first section and nothing else: the title slide's (HTML asides). */
  coverNotes?: string[]
  email?: string
  date?: string
  /** Language of the notes: `:lang:`, else detected. */
  lang: string
  items: Item[]
  talks: Talk[]
  /** The heading the notes list their talks under ("Conférences", "Talks attended"), HTML, when one section holds them all. */
  talksTitle?: string
  /** What bbl understood of the notes, said to the user by build and check. */
  understood: Understood
}

/**
 * How the talks were found: bbl's conventions (speaker lines, a "Talks" heading),
 * the author's marks (`[.talk]`, `:bbl-talks:`), the document's shape; or none
 * (a plain deck), or the user said `--as deck`.
 */
export interface Understood {
  how: 'conventions' | 'author' | 'shape' | 'none' | 'deck'
  talks: number
  /** The heading level of the talks (`===` is 3), when they share one. */
  level?: number
  /** The headings the talks sit under, as written, in order; empty when they sit under the document itself. */
  under: string[]
  /** When no talk was found: whether the notes look like a report of an event all the same (then the user is told how to mark talks). */
  report?: boolean
}

/** Section titles whose sub-sections are talks. */
const CONTAINER =
  /^(?:les |the |mes |my )?(?:conf[ée]rences?|talks?|sessions?|pr[ée]sentations?|vortr[äa]ge|charlas|ponencias|interventions?|programme|program|keynotes|lightning talks|tracks?|(?:jour|day|tag|d[íi]a)\s*\d+.*|salle .*|room .*|track .*)(?:\s+(?:vues?|suivies?|attended|seen))?\s*:?$/i
/** Container titles that only say "here are talks"; any other container (Day 1, Track B, Salle 2...) tells where a talk was. */
const LIST_OF_TALKS =
  /^(?:les |the |mes |my )?(?:conf[ée]rences?|talks?|sessions?|pr[ée]sentations?|vortr[äa]ge|charlas|ponencias|interventions?|programme|program|keynotes|lightning talks|tracks?)(?:\s+(?:vues?|suivies?|attended|seen))?\s*:?$/i
/** Section titles that are a talk even without a speaker line. */
const TALK_TITLE = /\b(?:keynote|lightning talk|talk|quickie|workshop|atelier|hands[- ]on lab|tools in action)\b/i

const PART_KINDS: Array<[PartKind, RegExp]> = [
  ['abstract', /^(?:abstract|r[ée]sum[ée]|summary|synopsis|description|zusammenfassung|resumen|sommaire|pitch|pr[ée]sentation|about|[àa] propos)$/i],
  ['notes', /^(?:notes?|mes notes|my notes|notizen|apuntes|appunti|takeaways?|key takeaways|[àa] retenir|contenu|content)$/i],
  ['opinion', /^(?:avis|mon avis|opinion|my opinion|my take|verdict|review|feedback|meinung|fazit|opini[óo]n|ressenti|impressions?|conclusion)$/i],
  ['resources', /^(?:ressources|resources|links?|liens|r[ée]f[ée]rences|slides|vid[ée]os?|(?:links|liens) (?:&|et|and) (?:resources|ressources)|weiterf[üu]hrende links|enlaces|recursos|to go further|pour aller plus loin)$/i],
  ['qa', /^(?:q\s*&\s*a|q\s*\/\s*a|questions?(?:\s*[/&]\s*r[ée]ponses)?|fragen|preguntas|faq)$/i],
  ['demo', /^(?:d[ée]mo|live coding)\b/i],
]

export function partKind(titleText: string): PartKind {
  const t = titleText.trim()
  return PART_KINDS.find(([, re]) => re.test(t))?.[0] ?? 'other'
}

/** The speaker line: the first of the section's opening blocks that reads like one. */
function findSpeaker(s: Section): ({ index: number } & SpeakerLine) | undefined {
  const opening = s.blocks.slice(0, 3)
  for (let i = 0; i < opening.length; i++) {
    const b = opening[i]!
    if (b.kind !== 'html') continue
    const line =
      b.context === 'paragraph' ? parseSpeakerLine(b.html) : b.context === 'dlist' ? speakerFromDlist(b.html) : undefined
    if (line) return { index: i, ...line }
  }
  return undefined
}

function looksLikeTalk(s: Section): boolean {
  if (findSpeaker(s)) return true
  if (s.sections.length > 0 && !s.sections.some(looksLikeTalk)) {
    const known = s.sections.filter((c) => partKind(c.titleText) !== 'other').length
    if (known >= Math.max(1, Math.ceil(s.sections.length / 2)) && (s.sections.length > 1 || TALK_TITLE.test(s.titleText))) return true
  }
  return TALK_TITLE.test(s.titleText) && !CONTAINER.test(s.titleText) && !s.sections.some(looksLikeTalk)
}

function toPart(s: Section): Part {
  return {
    title: s.title,
    titleText: s.titleText,
    kind: partKind(s.titleText),
    line: s.line,
    id: s.id,
    ...(s.hideTitle ? { hideTitle: true } : {}),
    ...(s.titleFootnotes ? { titleFootnotes: s.titleFootnotes } : {}),
    roles: s.roles,
    slideAttributes: s.slideAttributes,
    blocks: s.blocks,
    parts: s.sections.map(toPart),
  }
}

/**
 * Notes → conference. The author's marks decide first; then bbl's conventions;
 * when these find no talk, the document's shape (src/notes/talk-shape.ts).
 */
export function mapConference(doc: NotesDoc, as?: 'deck' | 'notes'): Conference {
  const author = as === 'deck' ? undefined : authorPlan(doc.sections, doc.talkLevel)
  const first = classify(doc, as, author)
  if (first.talks.length > 0 || as === 'deck' || author) return first
  const shape = shapePlan(doc.sections, { isPart: (t) => partKind(t) !== 'other', title: doc.titleText })
  const second = shape ? classify(doc, as, shape) : undefined
  return second && second.talks.length > 0 ? second : first
}

function classify(doc: NotesDoc, as: 'deck' | 'notes' | undefined, plan: TalkPlan | undefined): Conference {
  const items: Item[] = []
  const talkSections: Array<{ s: Section; track: string[] }> = []
  const lists: Section[] = []
  const slugs = new Set<string>(['index'])
  const unique = (base: string, fallback: string) => {
    let slug = base || fallback
    for (let n = 2; slugs.has(slug); n++) slug = `${base || fallback}-${n}`
    slugs.add(slug)
    return slug
  }

  const topic = (s: Section, withParts: boolean): Topic => ({
    slug: unique(slugify(s.titleText), `section-${items.length + 1}`),
    id: s.id,
    ...(s.hideTitle ? { hideTitle: true } : {}),
    title: s.title,
    titleText: s.titleText,
    ...(s.titleFootnotes ? { titleFootnotes: s.titleFootnotes } : {}),
    line: s.line,
    roles: s.roles,
    slideAttributes: s.slideAttributes,
    blocks: s.blocks,
    parts: withParts ? s.sections.map(toPart) : [],
  })

  const visit = (s: Section, inContainer: boolean, track: string[] = []): void => {
    const say = as === 'deck' ? undefined : plan?.says.get(s)
    if (say === 'not-talk') {
      items.push({ type: 'topic', topic: topic(s, true) })
      return
    }
    if (say === 'talk') {
      talkSections.push({ s, track })
      items.push({ type: 'talk', talk: undefined as unknown as Talk })
      return
    }
    const isContainer =
      say === 'container' ||
      (as !== 'deck' &&
        s.sections.length > 0 &&
        !findSpeaker(s) &&
        (CONTAINER.test(s.titleText) || s.sections.filter(looksLikeTalk).length >= Math.ceil(s.sections.length / 2)))
    if (isContainer) {
      if (s.blocks.length > 0) items.push({ type: 'topic', topic: topic(s, false) })
      const named = CONTAINER.test(s.titleText)
      if (LIST_OF_TALKS.test(s.titleText)) lists.push(s)
      const where = LIST_OF_TALKS.test(s.titleText) ? track : [...track, s.titleText]
      for (const c of s.sections) visit(c, named, where)
      return
    }
    if (as !== 'deck' && (inContainer || looksLikeTalk(s))) {
      talkSections.push({ s, track })
      items.push({ type: 'talk', talk: undefined as unknown as Talk })
      return
    }
    items.push({ type: 'topic', topic: topic(s, true) })
  }

  // Speaker notes alone before the first section are the title slide's, as the converter has them.
  const coverNotes = !doc.titleSlide.hidden && doc.preamble.every((b) => b.kind === 'notes') ? doc.preamble.map((b) => (b.kind === 'notes' ? b.html : '')) : []
  if (doc.preamble.length > 0 && coverNotes.length === 0) {
    items.push({
      type: 'topic',
      topic: {
        slug: unique('introduction', 'introduction'),
        id: '',
        // The cover shows the title's footnotes; here the title is only named.
        title: withoutFootnoteRefs(doc.title),
        titleText: doc.titleText,
        roles: [],
        slideAttributes: {},
        blocks: doc.preamble,
        parts: [],
      },
    })
  }
  for (const s of doc.sections) visit(s, false)

  // Talks are numbered and slugged in document order, after classification.
  const talks: Talk[] = []
  let t = 0
  for (const item of items) {
    if (item.type !== 'talk') continue
    const { s, track } = talkSections[t++]!
    // Markers are read without the title's footnote references, which follow the cleaned title.
    const meta = withoutOrdinal(parseTitle(withoutFootnoteRefs(s.title)))
    const speaker = findSpeaker(s)
    const companies = [...new Set(speaker?.companies?.filter((c): c is string => !!c) ?? [])]
    const talk: Talk = {
      slug: unique(slugify(meta.titleText), `talk-${t}`),
      id: s.id,
      index: t,
      title: meta.title + footnoteRefs(s.title),
      titleText: meta.titleText,
      ...(s.titleFootnotes ? { titleFootnotes: s.titleFootnotes } : {}),
      rawTitle: s.titleText,
      // The title's company, else the speakers' ("Ada Park (Initech)").
      company: meta.company ?? (companies.length ? companies.join(', ') : undefined),
      lang: meta.lang,
      highlight: meta.highlight,
      highlightText: meta.highlightText,
      ...(track.length ? { track: track.join(' · ') } : {}),
      // No speaker line: the heading when it is the speaker's name linked, else the names a sentence of the talk's opening gives as its presenters.
      speakers: speaker?.speakers ?? headingSpeakers(s) ?? proseSpeakers(s.blocks),
      ...(speaker?.companies ? { companies: speaker.companies } : {}),
      speakerLead: speaker?.lead,
      role: speaker?.role,
      intro: introOf(s.blocks, speaker),
      parts: s.sections.map(toPart),
      line: s.line,
      roles: s.roles,
      slideAttributes: s.slideAttributes,
    }
    item.talk = talk
    talks.push(talk)
  }

  return {
    kind: as ?? (talks.length > 0 ? 'notes' : 'deck'),
    titleSlide: doc.titleSlide,
    name: doc.name,
    file: doc.file,
    title: doc.title,
    titleText: doc.titleText,
    ...(doc.titleFootnotes ? { titleFootnotes: doc.titleFootnotes } : {}),
    author: doc.author,
    email: doc.email,
    ...(coverNotes.length ? { coverNotes } : {}),
    date: doc.date,
    lang: doc.lang ?? detectLanguage(allText(doc)),
    items,
    talks,
    ...(lists.length === 1 && talks.length > 0 ? { talksTitle: withoutFootnoteRefs(lists[0]!.title) } : {}),
    understood: understood(doc, as, plan, talkSections.map((t) => t.s)),
  }
}

/** What bbl understood, in one line for build and check: "9 talks found (level 3, under 'Day One', 'Day Two', …)". */
export function describeUnderstood(u: Understood): string {
  if (u.how === 'deck') return 'read as a plain deck (--as deck)'
  if (u.how === 'none') return `no talk found: read as a plain deck${u.report ? ' — mark talks with [.talk] or :bbl-talks:' : ''}`
  const under = u.under.length === 0 ? 'under the document' : `under ${u.under.slice(0, 3).map((t) => `'${t}'`).join(', ')}${u.under.length > 3 ? ', …' : ''}`
  const how = u.how === 'author' ? ', as marked' : u.how === 'shape' ? ', from the sections\' shape' : ''
  return `${u.talks} talk${u.talks === 1 ? '' : 's'} found (${u.level ? `level ${u.level}, ` : ''}${under}${how})`
}

/** A leading `1.` or `2)` the author wrote is the talks' order, which the agenda shows: the title does not say it again. */
function withoutOrdinal<T extends { title: string; titleText: string }>(meta: T): T {
  const ordinal = /^\s*\d{1,3}[.)]\s+(?=\S)/
  if (!ordinal.test(meta.titleText) || !ordinal.test(meta.title)) return meta
  return { ...meta, title: meta.title.replace(ordinal, ''), titleText: meta.titleText.replace(ordinal, '') }
}

function understood(doc: NotesDoc, as: 'deck' | 'notes' | undefined, plan: TalkPlan | undefined, talks: Section[]): Understood {
  if (as === 'deck') return { how: 'deck', talks: 0, under: [] }
  if (talks.length === 0) return { how: 'none', talks: 0, under: [], report: looksLikeAReport(doc) }
  const parents = new Map<Section, Section>()
  const walk = (s: Section) => s.sections.forEach((c) => { parents.set(c, s); walk(c) })
  doc.sections.forEach(walk)
  const under = [...new Set(talks.map((t) => parents.get(t)?.titleText).filter((t): t is string => !!t))]
  const levels = new Set(talks.map((t) => t.level + 1))
  return { how: plan?.how ?? 'conventions', talks: talks.length, ...(levels.size === 1 ? { level: [...levels][0]! } : {}), under }
}

/** The speaker a talk's heading names (a person's name linked), as a list; undefined when it names none. */
function headingSpeakers(s: Section): string[] | undefined {
  const name = headingSpeaker(s.title, s.titleText)
  return name ? [name] : undefined
}

/** A talk's opening blocks without its speaker line; what the notes attached to a speaker entry stays. */
function introOf(blocks: Block[], speaker: ({ index: number } & SpeakerLine) | undefined): Block[] {
  return blocks.flatMap((b, i): Block[] => {
    if (i !== speaker?.index) return [b]
    if (!speaker.rest || b.kind !== 'html') return []
    return [{ ...b, html: speaker.rest, text: htmlToText(speaker.rest), context: 'open' }]
  })
}

function allText(doc: NotesDoc): string {
  const out: string[] = []
  const blocks = (bs: Block[]) => {
    for (const b of bs) if (b.kind !== 'photos') out.push(b.text)
  }
  const section = (s: Section) => {
    out.push(s.titleText)
    // An abstract is copied from the programme, often in the talk's language: the notes' own words are elsewhere.
    if (partKind(s.titleText) !== 'abstract') blocks(s.blocks)
    s.sections.forEach(section)
  }
  blocks(doc.preamble)
  doc.sections.forEach(section)
  return out.join(' ')
}
