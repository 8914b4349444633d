/**
 * One numbering for the notes' footnotes, in the order a reader meets them.
 *
 * Asciidoctor numbers the footnotes of section titles while parsing (a title makes
 * its section's id) and the body's while converting, from 1 again, so the two
 * counts collide: "Introduction[1]" and "Some text.[1]" for two different notes.
 * bbl's converter (src/notes/converter.ts) marks a title's footnotes apart
 * (`data-footnote-title`, an index among the titles' notes); this pass gives every
 * footnote, title or body, its number in document order (title, then text, then
 * sub-sections) and gives each section the texts of its title's footnotes. Notes
 * without footnotes in titles keep their numbers: the body's are already in order.
 * Pure: the parsed model in, the renumbered model out.
 */
import { htmlToText } from '../core/text.js'
import type { Block, Footnote, Section } from './model.js'

/** A footnote reference as bbl's converter writes it: a body's (`data-footnote`) or a title's (`data-footnote-title`). */
const REF = /<sup class="footnote" data-footnote(-title)?="(\d+)">\[\d+\]<\/sup>/g
/** The list of texts speaker notes carry (src/notes/asciidoc.ts: withFootnotes). */
const NOTES_LIST = /<p class="bbl-footnote"><sup>(\d+)<\/sup>/g

/** The HTML without its footnote references: a title's plain text says no "[1]". */
export const withoutFootnoteRefs = (html: string): string => html.replace(REF, '')
/** Only the footnote references of the HTML, in order (a talk's title, cleaned of its markers, gets them back). */
export const footnoteRefs = (html: string): string => [...html.matchAll(REF)].map((m) => m[0]).join('')

/** Numbers given in order of first appearance, keyed `b<n>` (body) or `t<seq>` (title). */
type Numbering = (key: string) => number

function renumber(html: string, number: Numbering): string {
  return html
    .replace(REF, (_, title: string | undefined, k: string) => {
      const n = number(`${title ? 't' : 'b'}${k}`)
      return `<sup class="footnote" data-footnote="${n}">[${n}]</sup>`
    })
    .replace(NOTES_LIST, (_, k: string) => `<p class="bbl-footnote"><sup>${number(`b${k}`)}</sup>`)
}

/** The footnotes `html` references, each once, in order, under their new numbers: a body's text from `body`, a title's from `titleNotes`. */
function footnotesIn(html: string, number: Numbering, titleNotes: readonly string[], body: Footnote[] = []): Footnote[] {
  const out = new Map<number, string>()
  for (const [, title, k] of html.matchAll(REF)) {
    const text = title ? titleNotes[Number(k) - 1] : body.find((f) => f.n === Number(k))?.html
    out.set(number(`${title ? 't' : 'b'}${k}`), text ?? '')
  }
  return [...out].map(([n, text]) => ({ n, html: text }))
}

function block(b: Block, number: Numbering, titleNotes: readonly string[]): Block {
  if (b.kind === 'photos') return b.caption ? { ...b, caption: renumber(b.caption, number) } : b
  const html = renumber(b.html, number)
  if (html === b.html) return b
  const text = b.kind === 'html' && b.media ? b.text : htmlToText(html)
  if (b.kind === 'notes') return { ...b, html, text }
  const footnotes = footnotesIn(b.html, number, titleNotes, b.footnotes)
  return { ...b, html, text, ...(footnotes.length ? { footnotes } : {}) }
}

function section(s: Section, number: Numbering, titleNotes: readonly string[]): Section {
  const title = renumber(s.title, number)
  const titleFootnotes = footnotesIn(s.title, number, titleNotes)
  const blocks = s.blocks.map((b) => block(b, number, titleNotes))
  const sections = s.sections.map((c) => section(c, number, titleNotes))
  return { ...s, title, ...(titleFootnotes.length ? { titleFootnotes } : {}), blocks, sections }
}

/**
 * Renumber the footnotes of the document title, the preamble and the sections in
 * document order; `titleNotes` are the titles' footnote texts.
 */
export function numberFootnotes(
  title: string,
  preamble: Block[],
  sections: Section[],
  titleNotes: readonly string[],
): { title: string; titleFootnotes: Footnote[]; preamble: Block[]; sections: Section[] } {
  const numbers = new Map<string, number>()
  const number: Numbering = (key) => {
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1)
    return numbers.get(key)!
  }
  const titleFootnotes = footnotesIn(title, number, titleNotes)
  const pre = preamble.map((b) => block(b, number, titleNotes))
  return { title: renumber(title, number), titleFootnotes, preamble: pre, sections: sections.map((s) => section(s, number, titleNotes)) }
}
