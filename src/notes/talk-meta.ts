/**
 * What a talk's title and speaker line say, in the ways people write them.
 * Pure string work; the rules are documented in the README ("Notes conventions").
 */
import { decodeEntities, escapeHtml, htmlToText } from '../core/text.js'

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
const HIGHLIGHT_SUFFIX = /\s*(?:[-–—]\s*)?(?<![\p{L}\p{N}])(?:top\s*!+|\[\s*top\s*\]|\(\s*top\s*\)|★+|⭐+|must[- ]see\s*!*)\s*$/iu
const LANG_SUFFIX = /\s*[([]\s*([a-z]{2})(?:\s*[/,]\s*([a-z]{2}))?\s*[)\]]\s*$/i
/** " - COMPANY", " — Company", " @ Company", " | Company" at the end of the title. */
const COMPANY_SUFFIX = /\s+([-–—|@]|chez|at|bei|por|by)\s+([^-–—|@]{1,40})$/
/** What follows "at" / "by" in titles far more often than a company: "… at Scale", "… by Example". */
const NOT_A_COMPANY = /^(?:scale|speed|work|home|night|runtime|large|heart|last|first|least|best|once|example|design|default|hand|doing|the\s.*)$/i

export function parseTitle(titleHtml: string): TitleMeta {
  let text = htmlToText(titleHtml)
  let highlight = false
  let lang: string | undefined
  let company: string | undefined

  let highlightText: string | undefined
  const takeHighlight = (re: RegExp) => {
    const m = re.exec(text)
    if (!m) return
    highlight = true
    // A star alone says nothing the badge's own ★ does not: the label is used then ("★ Top pick", not "★ ★").
    const written = m[0].replace(/^[\s\-–—]+|[\s:\-–—]+$/g, '')
    if (!/^[★⭐*]+$/.test(written)) highlightText ??= written
    text = text.replace(re, '')
  }
  takeHighlight(HIGHLIGHT_PREFIX)
  takeHighlight(HIGHLIGHT_SUFFIX)
  // Either order: "Title - COMPANY (EN)" and "Title (EN) - COMPANY".
  for (let pass = 0; pass < 2; pass++) {
    const l = lang ? null : LANG_SUFFIX.exec(text)
    if (l && LANGS.has(l[1]!.toLowerCase())) {
      lang = l[1]!.toLowerCase()
      text = text.slice(0, l.index).trimEnd()
    }
    const c = company ? null : COMPANY_SUFFIX.exec(text)
    const name = c?.[2]?.trim() ?? ''
    // A company is a short name: at most 4 words and not the whole title.
    if (c && name.split(/\s+/).length <= 4 && c.index > 8 && !(/^[a-z]/i.test(c[1]!) && NOT_A_COMPANY.test(name))) {
      company = name
      text = text.slice(0, c.index).trimEnd()
    }
  }
  // "Title TOP ! - COMPANY": the pick stood before the company.
  if (!highlight) takeHighlight(HIGHLIGHT_SUFFIX)
  // The title's own markup is dropped only when markers were removed from it.
  const changed = text !== htmlToText(titleHtml)
  return {
    title: changed ? escapeHtml(text) : titleHtml,
    titleText: text,
    company,
    lang,
    highlight,
    highlightText,
  }
}


export interface SpeakerLine {
  /** The words that introduce the names, as written: "Présenté par", "Speakers:". */
  lead?: string
  speakers: string[]
  /** Each speaker's company, when written after the name in parentheses: "Ada Park (Initech)". */
  companies?: Array<string | undefined>
  /** What follows the names: role, company, contact. */
  role?: string
  /** Content the notes attached to a description-list speaker entry (a list, a paragraph): HTML, kept as content. */
  rest?: string
}

/**
 * Speaker lines as people write them:
 *   "Présenté par *Name*, role", "Présentée par ...", "Presented by A and B, role",
 *   "Speaker: A", "Speakers: A, B & C", "Par A et B", "Vorgetragen von A", "Ponente: A", "By A".
 * Names set in bold are taken as written; otherwise names are what precedes the first comma
 * (or, in a list "A, B & C", up to the segment with the joiner), split on "&", "and", "et",
 * "und", "y", "e" and commas.
 */
const LEAD =
  /^\s*(?:(?:présenté|presente|présentée|présentés|présentées|animé|animée|animés|animées|presented|given|hosted|delivered|talk|session|vorgetragen|präsentiert|gehalten|presentado|presentada|impartido|presentato|presentata|apresentado|apresentada)\s+(?:par|by|von|por|da|de)|by|par|von|por|di)(?:\s*[:：]\s*|\s+)/i
const LABEL =
  /^\s*(?:speakers?|speaker\(s\)|orateurs?|oratrices?|intervenants?|intervenantes?|conférenciers?|conférencières?|speakerin|sprecher(?:in(?:nen)?)?|referent(?:in|en)?|ponentes?|relatori?|relatrici?|palestrantes?|presenters?|présentateurs?|with|avec|mit|con|com|讲者|講者|演讲者|演講者|主讲人|讲师|講師|登壇者|講演者|発表者|スピーカー|연사|발표자)\s*[:：]\s*/i

/**
 * Between two names. Word joiners must stand as words of their own: JavaScript's \b is
 * ASCII-only and would cut "Ñandú" at "and".
 */
const JOINERS = /\s*(?:,|&|\+|・|、|和|与)\s*|\s+(?:and|et|und|y|e)\s+/i
/** A joiner inside one comma-separated segment: "Dana Scott & Eli Novak". */
const HAS_JOINER = /\s(?:&|\+|and|et|und|y|e)\s|[・、和与]/i
/** Words that may start in lower case inside a name: "Ludwig van Beethoven", "Ibn al-Haytham". */
const PARTICLES = new Set('de du des da das do dos di del della van von der den ter ten le la bin ibn al el zu y e et and und'.split(' '))
/** A bare "By", "Par", "Von"... is only a speaker line when a name follows (not "By the end of the day"). */
const BARE_LEAD = /^\s*(?:by|par|von|por|di)(?:\s*[:：]\s*|\s+)$/i

/** Whether a comma-separated segment is made of names only (capitalised words, particles). */
function namesOnly(segment: string): boolean {
  const words = segment.trim().split(/\s+/)
  if (words.length === 0 || words.length > 12) return false
  return words.every((w) => /^[\p{Lu}\p{Lt}\p{Lo}&+]/u.test(w) || PARTICLES.has(w.toLowerCase()))
}

/**
 * Where the names end in what follows the lead: at the first comma, dash or
 * parenthesis ("A and B, role"), except in a list "A, B & C" (names up to the
 * segment holding the joiner, when every segment of it is names only).
 */
function splitNamesAndRole(rest: string): { names: string; role?: string } {
  // Full-width commas and parentheses (Chinese, Japanese) count as theirs.
  const hard = rest.search(/[(（–—]|\s-\s/)
  const head = hard === -1 ? rest : rest.slice(0, hard)
  const segments = head.split(/[,，]/)
  let last = 0
  if (!HAS_JOINER.test(segments[0]!)) {
    for (let i = 1; i < segments.length && namesOnly(segments[i]!); i++) {
      if (HAS_JOINER.test(segments[i]!)) {
        last = i
        break
      }
    }
  }
  const names = segments.slice(0, last + 1).join(',')
  return { names, role: rest.length > names.length ? cleanRole(rest.slice(names.length)) : undefined }
}

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
  if (BARE_LEAD.test(lead[0]) && !/^[\p{Lu}\p{Lt}\p{Lo}]/u.test(rest)) return undefined
  const withCompanies = namesWithCompanies(rest)
  if (withCompanies) return { lead: lead[0].trim(), ...withCompanies }
  const { names, role } = splitNamesAndRole(rest)
  const speakers = splitNames(names)
  return speakers.length ? { lead: lead[0].trim(), speakers, role } : undefined
}

/** "Ada Park (Initech)": a name, then what is in the parentheses; a handle, a URL or pronouns are not a company. */
const NAME_COMPANY = /\s*([^(),;&+・、]+?)\s*\(([^()]{1,60})\)/y
const NOT_COMPANY = /^@|[/:]|^(?:she|he|they|il|elle)\b/i
const JOINER_AT = /\s*(?:,|&|\+|・|、|和|与)\s*|\s+(?:and|et|und|y|e)\s+/y

/**
 * "Ada Park (Initech), Ben Stone (Umbrella)" and "A (X) & B (Y), role": names each
 * followed by a company, joined as names are; what follows the last one is the role.
 */
function namesWithCompanies(rest: string): Pick<SpeakerLine, 'speakers' | 'companies' | 'role'> | undefined {
  const speakers: string[] = []
  const companies: string[] = []
  let at = 0
  for (;;) {
    NAME_COMPANY.lastIndex = at
    const m = NAME_COMPANY.exec(rest)
    if (!m || !namesOnly(m[1]!) || NOT_COMPANY.test(m[2]!.trim())) break
    speakers.push(decodeEntities(m[1]!.trim()))
    companies.push(m[2]!.trim())
    at = NAME_COMPANY.lastIndex
    JOINER_AT.lastIndex = at
    const j = JOINER_AT.exec(rest)
    if (!j) break
    NAME_COMPANY.lastIndex = JOINER_AT.lastIndex
    const next = NAME_COMPANY.exec(rest)
    if (!next || !namesOnly(next[1]!)) break
    at = JOINER_AT.lastIndex
  }
  if (speakers.length === 0) return undefined
  return { speakers, companies, role: cleanRole(rest.slice(at)) }
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
  const lead = LEAD.exec(`${before} `) ?? LABEL.exec(`${before} `)
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
  const r = s.replace(/^[\s,;:，；：–—-]+/, '').trim()
  return r.length ? r : undefined
}

/** Description list entries whose value is the speaker's role as such. */
const ROLE_LABEL = /^(?:role|rôle|rolle|title|job|position|poste|fonction|funktion|cargo|puesto)$/i
/** A description list entry that names the speakers' company: it is the company, not a role. */
const COMPANY_LABEL = /^(?:company|companies|société|entreprise|employer|firma|unternehmen|empresa|organi[sz]ation)$/i

/** A description list's entries as [term, its own text, what is attached to it (HTML)], in any style (plain, horizontal). */
function dlistEntries(dlistHtml: string): Array<[string, string, string]> {
  const re = /<dt[^>]*>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>|<td class="hdlist1">([\s\S]*?)<\/td>\s*<td class="hdlist2">([\s\S]*?)<\/td>/g
  return [...dlistHtml.matchAll(re)].map((m) => {
    const dd = (m[2] ?? m[4] ?? '').trim()
    // The entry's own text is its first paragraph; blocks attached to it (`+`, a nested list) follow.
    const own = /^<p>([\s\S]*?)<\/p>/.exec(dd)
    return [htmlToText(m[1] ?? m[3] ?? ''), own ? htmlToText(own[1]!) : '', own ? dd.slice(own[0].length).trim() : dd]
  })
}

/**
 * A description list "Speaker:: Name" (or Speakers, Orateur, ...), in any style
 * (`::`, `;;`, `[horizontal]`). Its other entries ("Role:: SRE", "Twitter:: @x")
 * make the role: the list is replaced by the title slide, so they must show there.
 * What the notes attached to the speaker entry (a list, a paragraph) stays content (`rest`).
 */
export function speakerFromDlist(dlistHtml: string): SpeakerLine | undefined {
  const entries = dlistEntries(dlistHtml)
  const at = entries.findIndex(([dt]) => LABEL.test(`${dt}:`))
  if (at === -1) return undefined
  const [term, text, attached] = entries[at]!
  const withCompanies = namesWithCompanies(text)
  const { names, role } = withCompanies ? { names: '', role: withCompanies.role } : splitNamesAndRole(text)
  const speakers = withCompanies?.speakers ?? splitNames(names)
  if (speakers.length === 0) return undefined
  const companyAt = entries.findIndex(([dt], i) => i !== at && COMPANY_LABEL.test(dt.replace(/:$/, '')))
  const company = companyAt === -1 ? undefined : entries[companyAt]![1] || undefined
  const companies = withCompanies?.companies ?? (company ? speakers.map(() => company) : undefined)
  const others = entries.filter((_, i) => i !== at && i !== companyAt).map(([dt, dd, more]) => {
    const value = [dd, htmlToText(more)].filter(Boolean).join(' ')
    return ROLE_LABEL.test(dt.replace(/:$/, '')) ? value : `${dt}: ${value}`
  })
  const all = [role, ...others].filter(Boolean).join(' · ')
  return {
    lead: `${term}:`,
    speakers,
    ...(companies ? { companies } : {}),
    role: all || undefined,
    ...(attached ? { rest: attached } : {}),
  }
}
