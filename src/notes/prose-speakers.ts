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

/** A sentence that opens with a plain name and a presenting verb: "Brian Goetz explained…", "Per Minborg provided…". */
const OPENS_WITH_NAME =
  /^(?:the speaker,\s+)?((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+(?:van|von|de|da|di|del|der|le|la)?\s*\p{Lu}[\p{Ll}'’-]+){1,2}),?\s+(?:presented|explained|provided|gave|showed|talked|demonstrated|introduced|walked|outed|a présenté|présente|a expliqué|erklärte|zeigte|presentó|explicó)\b/u

/** "The speaker, Victor Rentea, …" */
const THE_SPEAKER = /\b(?:the speaker|speaker|l['’]orat(?:eur|rice)|le speaker|der (?:sprecher|referent)|el ponente),\s+((?:\p{Lu}[\p{Ll}'’-]+)(?:\s+\p{Lu}[\p{Ll}'’-]+){1,2}),/iu

/** Words that are a product's, a company's or an event's, never part of a person's name here. */
const NOT_A_NAME =
  /^(?:the|a|an|and|of|for|with|java|apache|spring|google|cloud|data|conference|summit|day|track|keynote|talk|talks|session|group|foundation|project|team|open|source|world|devoxx|jenkins|groovy|kotlin|kubernetes|docker|microsoft|amazon|aws|oracle|red|hat|university|community|meetup|jug|user|users|new|next|first|last|this|that|my|our|in|on|at|le|la|les|un|une|des|der|die|das|el|los)$/i

function looksLikeName(s: string): boolean {
  const words = s.trim().split(/\s+/)
  if (words.length < 2 || words.length > 4) return false
  const particle = /^(?:van|von|de|da|di|del|der|le|la)$/
  return words.every((w) => (particle.test(w) || /^\p{Lu}[\p{Ll}'’.-]+$/u.test(w)) && !NOT_A_NAME.test(w)) && !particle.test(words[0]!)
}

/** The block's text with its links' and bold words' text between ⟦ ⟧ (that is how a write-up marks a person up). */
function marked(html: string): string {
  const withMarks = html.replace(/<(a|strong|b)\b[^>]*>(.*?)<\/\1>/gs, (_, _tag, inner: string) => `⟦${inner.replace(/<[^>]+>/g, '')}⟧`)
  return decodeEntities(withMarks.replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim()
}

function fromSentence(sentence: string): string[] {
  const names: string[] = []
  if (CUE.test(sentence.replace(/⟦[^⟧]*⟧/g, ' '))) {
    for (const m of sentence.matchAll(/⟦([^⟧]+)⟧/g)) if (looksLikeName(m[1]!)) names.push(m[1]!.trim())
  }
  const plain = sentence.replace(/[⟦⟧]/g, '')
  const opening = OPENS_WITH_NAME.exec(plain)?.[1] ?? THE_SPEAKER.exec(plain)?.[1]
  if (opening && looksLikeName(opening)) names.push(opening)
  return names
}

/** The speakers named in a talk's first three paragraphs, in order, each once. */
export function proseSpeakers(blocks: Block[]): string[] {
  const paragraphs = blocks.filter((b): b is Extract<Block, { kind: 'html' }> => b.kind === 'html' && b.context === 'paragraph').slice(0, 3)
  const names = paragraphs.flatMap((b) => marked(b.html).split(/(?<=[.!?])\s+(?=\P{Ll})/u).flatMap(fromSentence))
  return [...new Set(names)]
}
