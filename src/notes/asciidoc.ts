/**
 * The AsciiDoc engine, behind one module: @asciidoctor/core 3 (Opal, synchronous)
 * with the @asciidoctor/reveal.js 5 converter for block markup, so that what
 * its documentation promises ([.notes], %step fragments, .columns, background
 * images) keeps working in notes. Moving to the next converter release (built on
 * the asynchronous @asciidoctor/core 4) should change this file (with its
 * logger, placed-logger.ts, and its blocks' conversion, blocks-model.ts) only.
 *
 * We use the converter for blocks, never for the document: the page around the
 * slides (reveal.js 6 paths, local assets, no CDN) is ours (src/slides/render.ts).
 */
import path from 'node:path'
import { createRequire } from 'node:module'
import type { Asciidoctor as Processor } from '@asciidoctor/core'
import { includedFiles } from './includes.js'
import { BblError, ExitCode } from '../core/error.js'
import type { NotesDoc, Warning } from './model.js'
import { convertScope, registerConverter } from './converter.js'
import { numberFootnotes, withoutFootnoteRefs } from './footnotes.js'
import { notesName } from '../core/paths.js'
import { escapeHtml, htmlToText } from '../core/text.js'
import { authorOf, authorThemeOf, talkLevelOf, titleSlideOf, unsupportedSettings } from './deck-settings.js'
import { type PlacedLogger, placedLogger } from './placed-logger.js'
import { readNotes, withoutControlCharacters } from './read.js'
import { parseInThread } from './worker.js'
import { notesMeta } from './front-matter.js'
import { registerDiagramMacros } from './diagram-macros.js'
import { registerIncludeRoot } from './include-root.js'
import { MISSING_ATTRIBUTE } from './missing-attributes.js'
import { bodyOf, type Doc, dropRemoteEmbeds, modelScope } from './blocks-model.js'

const require = createRequire(import.meta.url)

let processor: Processor | undefined
function engine(): Processor {
  if (!processor) {
    // Both are CommonJS; the converter registers itself on the shared Opal runtime.
    const asciidoctor = require('@asciidoctor/core') as () => Processor
    processor = asciidoctor()
    ;(require('@asciidoctor/reveal.js') as { register: () => void }).register()
    registerConverter(processor)
  }
  return processor
}

/** How to read the notes: attributes given from outside (`bbl build -a name=value`), as Asciidoctor's `-a` does. */
export interface ReadOptions {
  attributes?: Record<string, string>
  /** The folder the notes may include files from (`--root`, absolute); the notes' folder when not given. */
  root?: string
}

/** Parse notes text into bbl's model. Throws BblError for input the notes cannot recover from. */
export function parseNotes(given: string, file: string, cwd = process.cwd(), read: ReadOptions = {}): NotesDoc {
  const { text, warnings } = withoutControlCharacters(given)
  const ad = engine()
  const placed = placedLogger(ad)
  ad.LoggerManager.setLogger(placed.logger)
  const docfile = path.resolve(cwd, file)
  const docdir = path.dirname(docfile)
  const name = notesName(file)
  const titleNotes: string[] = []
  const included: string[] = []
  const jail = { docdir, docfile, root: read.root ?? docdir, cwd, warn: (w: Warning) => warnings.push(w) }
  registerIncludeRoot(placed.registry, jail, included)
  registerDiagramMacros(placed.registry, jail, included)
  convertScope({ warn: (w) => warnings.push(w), titleNotes, titleIds: new Map() })
  try {
    const doc = ad.load(text, {
      backend: 'revealjs',
      safe: 'safe',
      sourcemap: true,
      // As a whole document, so that `notitle` is set only when the notes set it (blocks convert the same).
      standalone: true,
      base_dir: docdir,
      // Front matter (`---` … `---`) is set aside as the `front-matter` attribute: metadata, never a slide.
      // A reference to an attribute nobody defined is logged (and taken out: missing-attributes.ts).
      attributes: { 'skip-front-matter': '', 'attribute-missing': 'warn', ...read.attributes, docname: name, docdir, docfile, 'bbl-build': '' },
      extension_registry: placed.registry,
    })
    placed.parsed()
    const model = toModel({ doc, placed, warnings, titleNotes, file, name, docdir })
    return { ...model, includes: [...new Set([...model.includes, ...included])] }
  } finally {
    convertScope(undefined)
  }
}

/** What toModel reads: the parsed notes and their logger, the notes' file, name and folder, and what was said so far. */
interface ModelInput {
  doc: Doc
  placed: PlacedLogger
  /** Warnings said before the model is made (control characters, includes): the model's own follow them. */
  warnings: Warning[]
  /** The document title's footnotes, as the converter collected them. */
  titleNotes: string[]
  file: string
  name: string
  docdir: string
}

/** The document's head: deck settings (unsupported ones said), title slide, author theme, metadata and title. */
function headOf(doc: Doc, warnings: Warning[]) {
  const attributes = doc.getAttributes() as Record<string, unknown>
  warnings.push(...unsupportedSettings(attributes))
  const titleSlide = titleSlideOf(attributes)
  const authorTheme = authorThemeOf(attributes)
  dropRemoteEmbeds(warnings, titleSlide.attributes)
  // Converted before the text, as it comes before it: a `footnote:id[…]` of the title is
  // known when the text refers to it. Opal returns its own nil (an object) for missing
  // values: keep strings only. Without a level-0 title Asciidoctor falls back to the
  // first section's: the file name is used instead. With `:notitle:` no slide shows the
  // title, nor its footnotes: they get no number.
  const front = notesMeta(doc.getAttribute('front-matter'), attributes)
  warnings.push(...front.warnings)
  const meta = front.meta
  // A `= Title` line wins over the front matter's title.
  const heading = doc.hasHeader() ? str(doc.getDocumentTitle()) : meta.title ? escapeHtml(meta.title) : undefined
  const title = heading && titleSlide.hidden ? withoutFootnoteRefs(heading) : heading
  return { titleSlide, authorTheme, meta, title }
}

/**
 * What Asciidoctor logged, said as warnings on the notes' lines (or an included file's);
 * an unterminated block is an error. Returns the log's texts.
 */
function logWarnings(o: { placed: PlacedLogger; warnings: Warning[]; file: string; notes: string; docdir: string }): string[] {
  const messages = o.placed.logger.getMessages()
  for (const [i, m] of messages.entries()) {
    const place = o.placed.placeOf(m, i)
    // A line of an included file is not a line of the notes: the message names that file and line instead.
    const other = place?.getFile() && path.resolve(o.docdir, place.getFile()!) !== o.notes ? place : undefined
    const line = other ? undefined : place?.getLineNumber()
    const message = other ? `${path.relative(o.docdir, other.getFile()!)}:${other.getLineNumber()}: ${m.getText()}` : m.getText()
    if (/^unterminated \w+ block/.test(message)) {
      const fix = message.replace(/^unterminated (\w+) block.*/, '$1')
      throw new BblError(`${message}; close the ${fix} block that starts here`, ExitCode.INPUT, { file: o.file, line })
    }
    // Missing attributes were said with the block they were in (resolvedBlocks).
    if (MISSING_ATTRIBUTE.test(m.getText())) continue
    if (m.getSeverity() !== 'DEBUG' && m.getSeverity() !== 'INFO') o.warnings.push({ code: 'ASCIIDOC', message, line })
  }
  return messages.map((m) => m.getText())
}

/** The parsed notes as bbl's model: title, body, metadata, and every warning in the order it was said. */
function toModel({ doc, placed, warnings, titleNotes, file, name, docdir }: ModelInput): NotesDoc {
  const cx = modelScope({ doc, placed, warnings, notes: path.join(docdir, path.basename(file)), docdir })
  const { titleSlide, authorTheme, meta, title } = headOf(doc, warnings)
  const { preamble, sections } = bodyOf(cx)
  const logged = logWarnings({ placed, warnings, file, notes: cx.where.notes, docdir })
  const date = str(doc.getAttribute('revdate'))
  const numbered = numberFootnotes(title ?? escapeHtml(name), preamble, sections, titleNotes)
  return {
    file,
    name,
    title: numbered.title,
    titleText: title ? htmlToText(withoutFootnoteRefs(title)) : name,
    ...(numbered.titleFootnotes.length ? { titleFootnotes: numbered.titleFootnotes } : {}),
    ...authorOf(str(doc.getAuthor()) ?? meta.author, doc.getAttribute('email')),
    date: date ?? meta.date,
    ...(meta.tags ? { tags: meta.tags } : {}),
    ...talkLevelOf(doc.getAttribute('bbl-talks'), warnings),
    imagesdir: cx.imagesdir,
    lang: str(doc.getAttribute('lang')) ?? meta.lang,
    preamble: numbered.preamble,
    sections: numbered.sections,
    hasSource: cx.found.hasSource,
    ...(cx.found.scriptLine ? { scriptLine: cx.found.scriptLine } : {}),
    titleSlide,
    ...(authorTheme ? { authorTheme } : {}),
    brand: { logo: str(doc.getAttribute('bbl-logo')), footer: str(doc.getAttribute('bbl-footer')) },
    warnings,
    includes: includedFiles(doc, docdir, logged),
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined)

/** Read and parse a notes file (`file` as given, found from `cwd`) in the notes thread (worker.ts): a signal is honoured while it parses. */
export async function loadNotes(file: string, cwd = process.cwd(), read: ReadOptions = {}): Promise<NotesDoc> {
  return parseInThread({ text: await readNotes(file, cwd), file, cwd, read })
}
