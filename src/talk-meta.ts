/**
 * What a talk's title and speaker line say, in the ways people write them.
 * Pure string work; the rules are documented in the README ("Notes conventions").
 */
import { decodeEntities, htmlToText } from './text.js'

export interface TitleMeta {
  /** The title without its markers, as HTML. */
  title: string
  titleText: string
  company?: string
  /** Spoken language marker, lower case: "fr", "en". */
  lang?: string
  /** "TOP !", "★", "[must see]": the author's pick. */
  highlight: boolean
  /** The marker as written ("TOP !"), shown as the badge. */
  highlightText?: string
}

/** ISO 639-1 codes people put in brackets after a talk title. */
const LANGS = new Set(
  'ar bg ca cs da de el en es et fi fr ga he hi hr hu id it ja ko lt lv nl no pl pt ro ru sk sl sr sv th tr uk vi zh'.split(' '),
)

const HIGHLIGHT_PREFIX = /^\s*(?:top\s*!+|\[\s*top\s*\]|\(\s*top\s*\)|★+|⭐+|\*{3}|must[- ]see\s*!*|coup de c(?:œ|oe)ur\s*!*|favou?rite\s*!*)\s*[:\-–—]?\s*/i
const HIGHLIGHT_SUFFIX = /\s*(?:[-–—]\s*)?(?:top\s*!+|\[\s*top\s*\]|\(\s*top\s*\)|★+|⭐+|must[- ]see\s*!*)\s*$/i
const LANG_SUFFIX = /\s*[([]\s*([a-z]{2})(?:\s*[/,]\s*([a-z]{2}))?\s*[)\]]\s*$/i
/** " - COMPANY", " — Company", " @ Company", " | Company" at the end of the title. */
const COMPANY_SUFFIX = /\s+(?:[-–—|@]|chez|at|bei|por|by)\s+([^-–—|@]{1,40})$/

export function parseTitle(titleHtml: string): TitleMeta {
  let text = htmlToText(titleHtml)
  let highlight = false
  let lang: string | undefined
  let company: string | undefined

  let highlightText: string | undefined
  for (const re of [HIGHLIGHT_PREFIX, HIGHLIGHT_SUFFIX]) {
    const m = re.exec(text)
    if (m) {
      highlight = true
      highlightText ??= m[0].replace(/^[\s\-–—]+|[\s:\-–—]+$/g, '')
      text = text.replace(re, '')
    }
  }
  const l = LANG_SUFFIX.exec(text)
  if (l && LANGS.has(l[1]!.toLowerCase())) {
    lang = l[1]!.toLowerCase()
    text = text.slice(0, l.index).trimEnd()
  }
  const c = COMPANY_SUFFIX.exec(text)
  // A company is a short name: at most 4 words and not the whole title.
  if (c && c[1]!.trim().split(/\s+/).length <= 4 && c.index > 8) {
    company = c[1]!.trim()
    text = text.slice(0, c.index).trimEnd()
  }
  // The title's own markup is dropped only when markers were removed from it.
  const changed = text !== htmlToText(titleHtml)
  return {
    title: changed ? escapeText(text) : titleHtml,
    titleText: text,
    company,
    lang,
    highlight,
    highlightText,
  }
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export interface SpeakerLine {
  /** The words that introduce the names, as written: "Présenté par", "Speakers:". */
  lead?: string
  speakers: string[]
  /** What follows the names: role, company, contact. */
  role?: string
}

/**
 * Speaker lines as people write them:
 *   "Présenté par *Name*, role", "Présentée par ...", "Presented by A and B, role",
 *   "Speaker: A", "Speakers: A, B & C", "Par A et B", "Vorgetragen von A", "Ponente: A", "By A".
 * Names set in bold are taken as written; otherwise names are what precedes the first comma,
 * split on "&", "and", "et", "und", "y", "e" and commas.
 */
const LEAD =
  /^\s*(?:(?:présenté|presente|présentée|présentés|présentées|animé|animée|animés|animées|presented|given|hosted|delivered|talk|session|vorgetragen|präsentiert|gehalten|presentado|presentada|impartido|presentato|presentata|apresentado|apresentada)\s+(?:par|by|von|por|da|de)|by|par|von|por|di)\s*:?\s+/i
const LABEL =
  /^\s*(?:speakers?|speaker\(s\)|orateurs?|oratrices?|intervenants?|intervenantes?|conférenciers?|conférencières?|speakerin|sprecher(?:in(?:nen)?)?|referent(?:in|en)?|ponentes?|relatori?|relatrici?|palestrantes?|presenters?|présentateurs?|with|avec|mit|con|com)\s*:\s*/i

const JOINERS = /\s*(?:,|&|\+|\band\b|\bet\b|\bund\b|\by\b|\be\b|・|、|和|与)\s*/i

export function parseSpeakerLine(paragraphHtml: string): SpeakerLine | undefined {
  const inner = paragraphHtml.replace(/^[\s\S]*?<p>/, '').replace(/<\/p>[\s\S]*$/, '')
  const text = htmlToText(inner)
  const lead = LEAD.exec(text) ?? LABEL.exec(text)
  if (!lead) return undefined
  // A real speaker line is short; a paragraph that merely starts with "By" is not one.
  if (text.length > 400) return undefined

  const bold = leadingBoldNames(inner)
  if (bold) return bold

  const rest = text.slice(lead[0].length)
  const comma = rest.search(/[,(–—]|\s-\s/)
  const names = comma === -1 ? rest : rest.slice(0, comma)
  const role = comma === -1 ? undefined : cleanRole(rest.slice(comma))
  const speakers = splitNames(names)
  return speakers.length ? { lead: lead[0].trim(), speakers, role } : undefined
}

/**
 * "Présenté par *A* & *B*, role": the bold runs right after the lead, joined only by
 * "&", "and", "et", commas..., are the names; whatever follows is the role.
 * A later bold word ("disponibles as *Gitbooks*") belongs to the role.
 */
function leadingBoldNames(inner: string): SpeakerLine | undefined {
  const first = inner.search(/<(strong|b)>/)
  if (first === -1) return undefined
  const before = htmlToText(inner.slice(0, first))
  const lead = LEAD.exec(before + ' ') ?? LABEL.exec(before + ' ')
  if (!lead) return undefined
  const names: string[] = []
  const re = /<(strong|b)>([\s\S]*?)<\/\1>/y
  let at = first
  for (;;) {
    re.lastIndex = at
    const m = re.exec(inner)
    if (!m) break
    names.push(...splitNames(htmlToText(m[2]!)))
    at = re.lastIndex
    const next = inner.slice(at).search(/<(strong|b)>/)
    if (next === -1 || !/^\s*(?:,|&amp;|&|\+|and|et|und|y|e)\s*$/i.test(htmlToText(inner.slice(at, at + next)))) break
    at += next
  }
  return names.length ? { lead: lead[0].trim(), speakers: names, role: cleanRole(htmlToText(inner.slice(at))) } : undefined
}

function splitNames(s: string): string[] {
  return decodeEntities(s)
    .split(JOINERS)
    .map((n) => n.replace(/^[*_\s]+|[*_\s.]+$/g, ''))
    .filter((n) => n.length > 0 && n.length <= 60)
}

function cleanRole(s: string): string | undefined {
  const r = s.replace(/^[\s,;:–—-]+/, '').trim()
  return r.length ? r : undefined
}

/** A description list "Speaker:: Name" (or Speakers, Orateur, ...), as plain text pairs. */
export function speakerFromDlist(dlistHtml: string): SpeakerLine | undefined {
  const pairs = [...dlistHtml.matchAll(/<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/g)]
  for (const [, dt, dd] of pairs) {
    if (LABEL.test(htmlToText(dt!) + ':')) {
      const value = htmlToText(dd!)
      const comma = value.search(/[,(]/)
      const speakers = splitNames(comma === -1 ? value : value.slice(0, comma))
      if (speakers.length) return { speakers, role: comma === -1 ? undefined : cleanRole(value.slice(comma)) }
    }
  }
  return undefined
}
