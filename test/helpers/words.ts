/**
 * The yardstick of every "nothing is lost" test: the words of notes as
 * Asciidoctor's own HTML5 converter renders them (not as bbl reads them), and
 * how many of them an output shows.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { htmlToText, words } from '../../src/core/text.js'
import { root } from './cli.js'

const require = createRequire(import.meta.url)

export interface WordsOptions {
  /** The notes' text, when not the file's (a variant made by the test). */
  text?: string
  /** Count speaker notes (`[.notes]`, `.speaker`, `.aside`): true by default; false for what slides show. */
  speakerNotes?: boolean
  /** Leave out what an asciidoctor-reveal.js author hid: `== !`, `%notitle`, `%conceal`, a `:notitle:` title slide. */
  hidden?: boolean
}

/**
 * The words of the notes: document title, author, body (section titles with their
 * markers, speaker lines, paragraphs, list items, table cells, listings, block
 * titles, link texts, footnote texts). Alt texts and link targets are attributes,
 * so they do not count; nor do footnote numbers (a deck numbers them per slide),
 * nor a <video>'s fallback text, which no browser shows.
 */
export function notesWords(file: string, o: WordsOptions = {}): string[] {
  const full = path.resolve(root, file)
  const text = o.text ?? readFileSync(full, 'utf8')
  const ad = require('@asciidoctor/core')() as { load: (t: string, o: object) => Doc }
  const doc = ad.load(text, { safe: 'safe', backend: 'html5', standalone: false, base_dir: path.dirname(full) })
  if (o.hidden) for (const s of doc.findBy({ context: 'section' })) if (s.getTitle() === '!' || s.isOption('notitle') || s.isOption('conceal')) s.setTitle('')
  if (o.speakerNotes === false) {
    for (const role of ['notes', 'speaker', 'aside']) {
      for (const n of doc.findBy({ role })) {
        const blocks = n.getParent().getBlocks()
        if (blocks.includes(n)) blocks.splice(blocks.indexOf(n), 1)
      }
    }
  }
  // (Loaded as a whole document, `notitle` is set only when the author set it.) Without a
  // `= Title` line Asciidoctor's document title is the first section's, which no deck shows
  // twice (asciidoctor-reveal.js has no title slide then; bbl's cover names the file): not counted.
  const untitled = (o.hidden && ad.load(text, { safe: 'safe', backend: 'html5', standalone: true, parse_header_only: true }).hasAttribute('notitle')) || !doc.hasHeader()
  return words([untitled ? '' : (doc.getDocumentTitle() ?? ''), untitled ? '' : (doc.getAuthor() ?? ''), body(doc)].join(' '))
}

interface Node {
  getTitle(): string
  setTitle(t: string): void
  isOption(o: string): boolean
  getParent(): Node
  getBlocks(): Node[]
}
interface Doc {
  convert(): string
  hasHeader(): boolean
  getDocumentTitle(): string | undefined
  getAuthor(): string | undefined
  hasAttribute(a: string): boolean
  findBy(q: object): Node[]
}

/** The converted body as text: inline tags vanish (E=mc<sup>2</sup> is one word), block tags separate. */
function body(doc: Doc): string {
  return htmlToText(
    doc
      .convert()
      .replace(/<(video|audio)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<sup class="footnote(?:ref)?"[\s\S]*?<\/sup>/g, '')
      .replace(/<a href="#_footnoteref_\d+">\d+<\/a>/g, ''),
  )
}

/** A bag of words: word → how many times it occurs. */
export function bag(ws: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>()
  for (const w of ws) m.set(w, (m.get(w) ?? 0) + 1)
  return m
}

/**
 * Share of the source's words (counted with repetition) that an output shows:
 * a word used 5 times in the notes must be shown 5 times to count 5 times.
 * Returns the share and the words missing (with how many are missing).
 */
export function coverage(source: Iterable<string>, shown: Iterable<string>): { share: number; total: number; missing: Map<string, number> } {
  const want = bag(source)
  const have = bag(shown)
  let total = 0
  let found = 0
  const missing = new Map<string, number>()
  for (const [w, n] of want) {
    total += n
    const got = Math.min(n, have.get(w) ?? 0)
    found += got
    if (got < n) missing.set(w, n - got)
  }
  return { share: total === 0 ? 1 : found / total, total, missing }
}

/** Share of the source's words found at least once in `got` (a PDF's or a PowerPoint file's searchable text), and the words never found. */
export function presence(want: string[], got: Set<string>): { ratio: number; missing: string[] } {
  const missing = want.filter((w) => !got.has(w))
  return { ratio: want.length === 0 ? 1 : 1 - missing.length / want.length, missing: [...new Set(missing)] }
}
