/**
 * What the end-to-end tests over whole corpora share: the CLI (./cli.ts), a
 * small worker pool, and the words of notes as Asciidoctor's own
 * HTML5 converter renders them (the yardstick for word coverage).
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { htmlToText, words } from '../../src/core/text.js'

export { bbl, root, type Run } from './cli.js'

const require = createRequire(import.meta.url)

/** Run `work` over `items`, `n` at a time (one browser, several pages). */
export async function pool<T, R>(items: T[], n: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await work(items[i]!)
      }
    }),
  )
  return out
}

/**
 * The words of the notes as Asciidoctor's HTML5 converter renders them (tags,
 * scripts and styles stripped, entities decoded): document title, author, body.
 * Alt texts and link targets are attributes, so they do not count.
 */
export function notesWords(text: string, file: string, o: { deck?: boolean } = {}): string[] {
  const ad = require('@asciidoctor/core')() as { load: (t: string, o: object) => Doc }
  const doc = ad.load(text, { safe: 'safe', backend: 'html5', standalone: false, base_dir: path.dirname(file) })
  if (o.deck) {
    // A deck written for asciidoctor-reveal.js: what its author hid is not expected on a slide
    // (titles `== !`, `%notitle`, `%conceal`, a `:notitle:` title slide), speaker notes go to the speaker view.
    for (const s of doc.findBy({ context: 'section' })) if (s.getTitle() === '!' || s.isOption('notitle') || s.isOption('conceal')) s.setTitle('')
    for (const role of ['notes', 'speaker', 'aside']) {
      for (const n of doc.findBy({ role })) {
        const blocks = n.getParent().getBlocks()
        if (blocks.includes(n)) blocks.splice(blocks.indexOf(n), 1)
      }
    }
    // (Loaded as a whole document, `notitle` is set only when the author set it.)
    if (ad.load(text, { safe: 'safe', backend: 'html5', standalone: true, parse_header_only: true }).hasAttribute('notitle')) return words(body(doc))
  }
  return words([doc.getDocumentTitle() ?? '', doc.getAuthor() ?? '', body(doc)].join(' '))
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
  getDocumentTitle(): string | undefined
  getAuthor(): string | undefined
  hasAttribute(a: string): boolean
  findBy(q: object): Node[]
}

/** The converted body as text: inline tags vanish (E=mc<sup>2</sup> is one word), block tags separate. */
function body(doc: Doc): string {
  // A <video>'s fallback text ("your browser does not support...") is not the author's content.
  // Footnote numbers are not counted: a deck numbers its footnotes per slide, this page for the whole text.
  return htmlToText(
    doc
      .convert()
      .replace(/<(video|audio)\b[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<sup class="footnote(?:ref)?"[\s\S]*?<\/sup>/g, '')
      .replace(/<a href="#_footnoteref_\d+">\d+<\/a>/g, ''),
  )
}
