/**
 * The words of notes as bbl's model holds them (titles, blocks, captions, and
 * speaker notes when asked), and how many of them an output shows: the
 * yardstick of the PDF and PowerPoint tests.
 */
import { loadNotes } from '../../src/notes/asciidoc.js'
import type { Block, Section } from '../../src/notes/model.js'
import { htmlToText, words } from '../../src/core/text.js'

export async function notesWords(file: string, withSpeakerNotes: boolean): Promise<string[]> {
  const doc = await loadNotes(file)
  const texts = [doc.titleText, doc.author ?? '', doc.date ?? '']
  const block = (b: Block) => (b.kind === 'photos' ? htmlToText(b.caption ?? '') : b.kind === 'notes' && !withSpeakerNotes ? '' : b.text)
  const section = (s: Section) => {
    texts.push(s.titleText, ...s.blocks.map(block))
    s.sections.forEach(section)
  }
  texts.push(...doc.preamble.map(block))
  doc.sections.forEach(section)
  return words(texts.join(' ').normalize('NFKC'))
}

/** The share of `want` found in `got`, and the words missing. */
export function coverage(want: string[], got: Set<string>): { ratio: number; missing: string[] } {
  const missing = want.filter((w) => !got.has(w))
  return { ratio: 1 - missing.length / want.length, missing: [...new Set(missing)] }
}
