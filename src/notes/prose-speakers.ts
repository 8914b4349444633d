/**
 * Speakers named in a sentence, when a talk has no speaker line: write-ups say
 * "The next talk was by https://…[Jeff Scott Brown]", "présenté par *Ann* et
 * *Bo*", "Brian Goetz explained…". Precision first: a wrong speaker is worse
 * than none, so a name counts only when it looks like a person's (two to four
 * capitalised words, none a product's or an event's) and stands next to a
 * presenting word in the notes' languages. Pure: blocks in, names out.
 */
import { decodeEntities } from '../core/text.js'
import type { Block } from './model.js'

/** Words that say who presented, in the languages bbl reads (a name marked up in the same sentence is the speaker). */
const CUE =
  /\b(?:by|present(?:ed|s|ing|er|ers)|speakers?|keynote|delivered|explained|gave|showed|talked|par|pr[ée]sent[ée]e?s?|anim[ée]e?s?|orat(?:eur|rice)s?|conf[ée]rencier(?:e|s)?|von|vortrag|pr[äa]sentiert|referent(?:in)?|sprecher(?:in)?|por|ponentes?|presentad[oa]s?|impartid[oa])\b/i

/** A sentence that opens with a plain name and a presenting verb: "Brian Goetz explained…", "Ann Example later delivered…". */
const OPENS_WITH_NAME =
  /^(?:the speaker,\s+)?((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+(?:van|von|de|da|di|del|der|le|la)?\s*\p{Lu}[\p{Ll}'’-]+){1,2}),?(?:\s+(?:later|then|also|first|finally|dann|ensuite|luego))?\s+(?:presented|explained|provided|delivered|gave|showed|talked|demonstrated|introduced|walked|outed|a présenté|présente|a expliqué|erklärte|zeigte|presentó|explicó)\b/u

/** A sentence that opens with a plain name and speaks of that person's talk: "Ann Example brought us … with her talk". */
const OPENS_WITH_NAME_OWN_TALK =
  /^((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+(?:van|von|de|da|di|del|der|le|la)?\s*\p{Lu}[\p{Ll}'’-]+){1,2})\s[^.!?]*\b(?:(?:his|her|their)\s+(?:talk|keynote|session|presentation)|(?:seinem|ihrem)\s+(?:vortrag|keynote)|(?:sa|son)\s+(?:conférence|présentation|keynote)|su\s+(?:charla|ponencia|keynote))\b/u

/** "the talk by Ann Example", "Vortrag von Ann Example": a talk word, then by and a plain name. */
const TALK_BY_NAME =
  /\b(?:talk|keynote|session|presentation|vortrag|conférence|présentation|charla|ponencia)\s+(?:by|von|de|par|por)\s+((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+(?:van|von|de|da|di|del|der|le|la)?\s*\p{Lu}[\p{Ll}'’-]+){1,2})/u

/** A panel and its members listed after "with": "the panel … with Ann Example, Bo Sample and Cy Test". */
const PANEL = /\b(?:panel|fish ?bowl|podium(?:sdiskussion)?|table ronde|mesa redonda)\b/i
const WITH_LIST =
  /\b(?:with|mit|avec|con)\s+((?:\p{Lu}[^,;.!?]*?)(?:,\s*(?:and\s+|und\s+|et\s+|y\s+)?\p{Lu}[^,;.!?]*?)+)(?=,\s*(?:and|und|et|y)\s+\p{Ll}|[;.!?]|$)/u

/** "The speaker, Victor Rentea, …" */
const THE_SPEAKER =
  /\b(?:the speaker|speaker|l['’]orat(?:eur|rice)|le speaker|der (?:sprecher|referent)|el ponente),\s+((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+\p{Lu}[\p{Ll}'’-]+){1,2}),/iu

/** Words that are a product's, a company's or an event's, never part of a person's name here. */
const NOT_A_NAME =
  /^(?:the|a|an|and|of|for|with|java|apache|spring|google|cloud|data|conference|summit|day|track|keynote|talk|talks|session|group|foundation|project|team|open|source|world|devoxx|jenkins|groovy|kotlin|kubernetes|docker|microsoft|amazon|aws|oracle|red|hat|university|community|meetup|jug|user|users|new|next|first|last|this|that|my|our|in|on|at|le|la|les|un|une|des|der|die|das|el|los)$/i

/** Two to four capitalised words (particles such as van, de, von inside), none a product's or an event's. */
function looksLikeName(s: string): boolean {
  const words = s.trim().split(/\s+/)
  if (words.length < 2 || words.length > 4) return false
  const particle = /^(?:van|von|de|da|di|del|der|le|la)$/
  return words.every((w) => (particle.test(w) || /^\p{Lu}[\p{Ll}'’.-]+$/u.test(w)) && !NOT_A_NAME.test(w)) && !particle.test(words[0]!)
}

/** The block's text with its links' and bold words' text between ⟦ ⟧ (that is how a write-up marks a person up). */
function marked(html: string): string {
  const withMarks = html.replace(/<(a|strong|b)\b[^>]*>(.*?)<\/\1>/gs, (_, _tag, inner: string) => `⟦${inner.replace(/<[^>]+>/g, '')}⟧`)
  return decodeEntities(withMarks.replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
}

/** The names of the people in a list ("Ann Example, Bo Sample and Cy Test"), when every item is one. */
function namesIn(list: string): string[] {
  const items = list.split(/\s*,\s*|\s+(?:and|und|et|y)\s+/).map((i) => i.replace(/^(?:and|und|et|y)\s+/, '').trim())
  return items.length >= 2 && items.every(looksLikeName) ? items : []
}

/** Names marked up as a person's (bold, a link) in a sentence that has a presenting word outside them. */
function markedNames(sentence: string): string[] {
  if (!CUE.test(sentence.replace(/⟦[^⟧]*⟧/g, ' '))) return []
  return [...sentence.matchAll(/⟦([^⟧]+)⟧/g)].map((m) => m[1]!.trim()).filter(looksLikeName)
}

/** Plain names the sentence's wording makes a speaker: it opens with one and a presenting verb, "the speaker, X,", "the talk by X", a panel's members. */
function plainNames(sentence: string): string[] {
  const candidates = [
    OPENS_WITH_NAME.exec(sentence)?.[1] ?? THE_SPEAKER.exec(sentence)?.[1],
    OPENS_WITH_NAME_OWN_TALK.exec(sentence)?.[1],
    TALK_BY_NAME.exec(sentence)?.[1],
  ].filter((c): c is string => !!c && looksLikeName(c))
  const panel = PANEL.test(sentence) ? namesIn(WITH_LIST.exec(sentence)?.[1] ?? '') : []
  return [...candidates, ...panel]
}

/** The speakers one sentence names (its marked-up text between ⟦ ⟧). */
function speakersInSentence(sentence: string): string[] {
  return [...markedNames(sentence), ...plainNames(sentence.replace(/[⟦⟧]/g, ''))]
}

/** The texts of a block's links that look like a person's name (a write-up links a speaker to a profile). */
export function namesLinked(html: string): string[] {
  return [...html.matchAll(/<a\b[^>]*>(.*?)<\/a>/gs)].map((m) => decodeEntities(m[1]!.replace(/<[^>]+>/g, '')).trim()).filter(looksLikeName)
}

/**
 * The speaker a heading names when it is nothing but a person's name linked to a
 * profile ("== https://twitter.com/…[Tim Carry]"): a report that titles each
 * talk with its speaker. A plain heading that merely looks like a name
 * ("Coding Your Documentation") is not one.
 */
export function headingSpeaker(title: string, titleText: string): string | undefined {
  const only = /^\s*<a\b[^>]*>(?:(?!<\/a>).)*<\/a>\s*$/s.test(title)
  const names = only ? namesLinked(title) : []
  return names.length === 1 && names[0] === titleText.trim() ? names[0] : undefined
}

/** The speakers named in a talk's first three paragraphs, in order, each once. */
export function proseSpeakers(blocks: Block[]): string[] {
  const paragraphs = blocks.filter((b): b is Extract<Block, { kind: 'html' }> => b.kind === 'html' && b.context === 'paragraph').slice(0, 3)
  const names = paragraphs.flatMap((b) =>
    marked(b.html)
      .split(/(?<=[.!?])\s+(?=\P{Ll})/u)
      .flatMap(speakersInSentence),
  )
  return [...new Set(names)]
}
