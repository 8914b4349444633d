/**
 * The AsciiDoc engine, behind one module: @asciidoctor/core 3 (Opal, synchronous)
 * with the @asciidoctor/reveal.js 5 converter for block markup, so that what
 * its documentation promises ([.notes], %step fragments, .columns, background
 * images) keeps working in notes. Moving to the next converter release (built on
 * the asynchronous @asciidoctor/core 4) should change this file (and its
 * logger, placed-logger.ts) only.
 *
 * We use the converter for blocks, never for the document: the page around the
 * slides (reveal.js 6 paths, local assets, no CDN) is ours (src/slides/render.ts).
 */
import path from 'node:path'
import { createRequire } from 'node:module'
import type { AbstractBlock, Asciidoctor as Processor, List, Section as AdSection } from '@asciidoctor/core'
import { includedFiles } from './includes.js'
import { BblError, ExitCode } from '../core/error.js'
import type { Block, Footnote, ImageRef, NotesDoc, Section, Warning } from './model.js'
import { convertScope, keepPunctuation, registerConverter } from './converter.js'
import { numberFootnotes, withoutFootnoteRefs } from './footnotes.js'
import { notesName } from '../core/paths.js'
import { mediaRefOf, placeOf } from './media-blocks.js'
import { captionOf, isPlaced, listHasPhotos } from './image-blocks.js'
import { rawMediaPieces } from './raw-media.js'
import { decodeEntities, escapeHtml, htmlToText } from '../core/text.js'
import { neutraliseRawHtml, rawHtmlWarnings } from './raw-html.js'
import { authorOf, authorThemeOf, talkLevelOf, titleSlideOf, unsupportedSettings } from './deck-settings.js'
import { backgroundOf, isBackgroundImage, REMOTE } from './background.js'
import { type PlacedLogger, placedLogger } from './placed-logger.js'
import { readNotes, withoutControlCharacters } from './read.js'
import { parseInThread } from './worker.js'
import { notesMeta } from './front-matter.js'
import { registerIncludeRoot } from './include-root.js'
import { MISSING_ATTRIBUTE, missingNames, missingWarning, resolving, withoutMissing, withoutReferences } from './missing-attributes.js'

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

const lineOf = (node: AbstractBlock): number | undefined => node.getSourceLocation()?.getLineNumber()
/** Slide attributes the reveal.js converter reads on sections. */
const SLIDE_ATTRIBUTE = /^(background(-\w+)*|transition(-speed)?|state|autoslide)$/

/** Speaker notes, as the converter documents them: `[.notes]` open blocks and sidebars, `[NOTE.speaker]`, `aside`. */

const ONLY_INLINE_IMAGES = /^(\s*image:[^\s[:][^\s[]*\[[^\]]*\]\s*)+$/

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
  registerIncludeRoot(placed.registry, { docdir, docfile, root: read.root ?? docdir, cwd, warn: (w) => warnings.push(w) }, included)
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
    const model = toModel(doc, placed, { warnings, titleNotes }, file, name, docdir)
    return { ...model, includes: [...new Set([...model.includes, ...included])] }
  } finally {
    convertScope(undefined)
  }
}

type Doc = ReturnType<Processor['load']>

/** Footnotes the converted HTML references (bbl's converter marks them with data-footnote), with their text. */
function footnotesOf(doc: Doc, html: string): Footnote[] | undefined {
  const ns = [...new Set([...html.matchAll(/<sup class="footnote" data-footnote="(\d+)">/g)].map((m) => Number(m[1])))]
  if (ns.length === 0) return undefined
  const texts = new Map(doc.getFootnotes().map((f) => [Number(f.getIndex()), String(f.getText() ?? '')]))
  return ns.map((n) => ({ n, html: texts.get(n) ?? '' }))
}

/** Speaker notes keep their footnotes' texts: the speaker view has no foot of its own. */
function withFootnotes(html: string, footnotes: Footnote[] | undefined): string {
  if (!footnotes) return html
  const list = footnotes.map((f) => `<p class="bbl-footnote"><sup>${f.n}</sup> ${f.html}</p>`).join('')
  return html.replace(/<\/aside>\s*$/, `<div class="bbl-footnotes">${list}</div></aside>`)
}

function toModel(
  doc: Doc,
  placed: PlacedLogger,
  { warnings, titleNotes }: { warnings: Warning[]; titleNotes: string[] },
  file: string,
  name: string,
  docdir: string,
): NotesDoc {
  let hasSource = false
  const where = { notes: path.join(docdir, path.basename(file)), docdir }
  let scriptLine: number | undefined
  const imagesdir = String(doc.getAttribute('imagesdir') ?? '')

  const targetOf = (src: string): string => {
    const prefix = imagesdir ? `${imagesdir.replace(/\/+$/, '')}/` : ''
    return prefix && src.startsWith(prefix) ? src.slice(prefix.length) : src
  }

  const inlineImages = (html: string, line?: number): ImageRef[] =>
    [...html.matchAll(/<img\b[^>]*?\bsrc="([^"]*)"[^>]*>/g)].map((m) => {
      const src = decodeEntities(m[1]!)
      const alt = /\balt="([^"]*)"/.exec(m[0])?.[1] ?? ''
      return { src, target: targetOf(src), line, alt: decodeEntities(alt) }
    })

  /** Inline images of a photo paragraph, with their roles (`<span class="image raw">`) and the paragraph's. */
  const inlinePhotos = (b: AbstractBlock, html: string): ImageRef[] => {
    const spans = [...html.matchAll(/<span class="image([^"]*)"><img\b/g)].map((m) => m[1]!.split(' ').filter(Boolean))
    return inlineImages(html, lineOf(b)).map((ref, i) => ({ ...ref, roles: [...b.getRoles(), ...(spans[i] ?? [])] }))
  }

  const htmlBlock = (b: AbstractBlock, html = b.convert()): Block => {
    const footnotes = footnotesOf(doc, html)
    return { kind: 'html', html, text: htmlToText(html), context: b.getContext(), line: lineOf(b), images: inlineImages(html, lineOf(b)), ...(footnotes ? { footnotes } : {}) }
  }

  const photoOf = (b: AbstractBlock): ImageRef => {
    const target = String(b.getAttribute('target'))
    return { src: b.getImageUri(target), target, line: lineOf(b), alt: String(b.getAttribute('alt') ?? ''), roles: b.getRoles() }
  }

  const convertBlock = (b: AbstractBlock, out: Block[]): void => {
    const context = b.getContext()
    if (context === 'toc') return
    if (context === 'listing' && b.getStyle() === 'source') hasSource = true
    if (context === 'image' && isBackgroundImage(b)) return // the slide's background: see convertSection
    if (context === 'pass') {
      const raw = neutraliseRawHtml(b.convert())
      warnings.push(...rawHtmlWarnings(raw, lineOf(b)))
      if (raw.script) scriptLine ??= lineOf(b)
      for (const piece of raw.parts.flatMap((html) => rawMediaPieces(html, placeOf(b, where)))) {
        out.push(piece.media ? { ...(htmlBlock(b, piece.html) as HtmlBlock), text: piece.media.title ?? '', media: piece.media } : htmlBlock(b, piece.html))
      }
      return
    }
    if (context === 'image' && isPlaced(b)) {
      // The author sized or placed it: it stays with the text around it, at that size.
      out.push(htmlBlock(b))
      return
    }
    if (context === 'image') {
      out.push({ kind: 'photos', images: [photoOf(b)], caption: captionOf(b), line: lineOf(b) })
      return
    }
    if (context === 'paragraph' && ONLY_INLINE_IMAGES.test((b as unknown as { getSource(): string }).getSource())) {
      const html = b.convert()
      // Inline images that appear step by step (`image:x.jpg[step=1]`) stay in their paragraph, in the author's order;
      // so do those the author sized (`image:logo.png[width=150]`): shown at that size, not as photos.
      if (/<span class="image\b[^"]*\bfragment\b/.test(html) || /<img\b[^>]*\b(?:width|height)="/.test(html)) {
        out.push(htmlBlock(b, html))
        return
      }
      out.push({ kind: 'photos', images: inlinePhotos(b, html), caption: b.getTitle() || undefined, line: lineOf(b) })
      return
    }
    if (context === 'video' || context === 'audio') {
      const media = mediaRefOf(b, placeOf(b, where))
      out.push({ ...(htmlBlock(b) as HtmlBlock), text: media.title ?? '', media })
      return
    }
    if ((context === 'ulist' || context === 'olist') && listHasPhotos(b as List)) {
      splitListAroundPhotos(b as List, out)
      return
    }
    // Speaker notes in any form the converter knows ([.notes] open block or sidebar, [NOTE.speaker], .aside):
    // it says so by making them an <aside class="notes">.
    const html = keepPunctuation(b.convert())
    if (/^\s*<aside class="notes">/.test(html)) {
      const notes = withFootnotes(html, footnotesOf(doc, html))
      out.push({ kind: 'notes', html: notes, text: htmlToText(notes), line: lineOf(b) })
      return
    }
    out.push(htmlBlock(b, html))
  }

  /** convertBlock, then any `{reference}` it left unresolved taken out of what it made, with a warning on its line. */
  const watch = { count: () => placed.logger.getMessages().length, textsFrom: (i: number) => placed.logger.getMessages().slice(i).map((m) => m.getText()), warn: (w: Warning) => warnings.push(w) }
  const convertResolved = (b: AbstractBlock, out: Block[]): void => {
    const at = out.length
    resolving(watch, lineOf(b), () => convertBlock(b, out), (_, names) => {
      for (let i = at; i < out.length; i++) out[i] = withoutReferences(out[i]!, names)
    })
  }

  /**
   * A photo attached to a list item (`* item` + `+` + `image::...[]`) gets a slide of
   * its own, like any photo: the list is cut after that item, the photo follows it,
   * and the rest of the list goes on after the photo (numbering kept).
   */
  const splitListAroundPhotos = (list: List, out: Block[]): void => {
    const items = list.getItems() as unknown as AbstractBlock[]
    const listAny = list as unknown as { blocks: unknown[] }
    const saved = listAny.blocks
    const hadStart = list.hasAttribute('start')
    const start0 = Number(list.getAttribute('start') ?? 1)
    let from = 0
    const flush = (to: number) => {
      if (to <= from) return
      listAny.blocks = items.slice(from, to)
      if (list.getContext() === 'olist') list.setAttribute('start', String(start0 + from))
      out.push(htmlBlock(list, list.convert()))
    }
    const pending: Block[] = []
    items.forEach((item, i) => {
      const itemAny = item as unknown as { blocks: AbstractBlock[] }
      const photos = itemAny.blocks.filter((c) => c.getContext() === 'image')
      if (photos.length === 0) return
      itemAny.blocks = itemAny.blocks.filter((c) => c.getContext() !== 'image')
      flush(i + 1)
      from = i + 1
      for (const p of photos) {
        pending.push({ kind: 'photos', images: [photoOf(p)], caption: captionOf(p), line: lineOf(p) })
      }
      out.push(...pending.splice(0))
    })
    flush(items.length)
    listAny.blocks = saved
    if (list.getContext() === 'olist') {
      if (hadStart) list.setAttribute('start', String(start0))
      else list.removeAttribute('start')
    }
  }

  const convertSection = (s: AbstractBlock): Section => {
    const sec = s as AdSection
    // The title's footnotes are numbered in the notes' order once all is converted (numberFootnotes).
    // `:sectnums:` numbers titles as the converter does ("1.2. Title").
    // A title's references are substituted while parsing (for its id): what the log says then is checked here.
    const written = withoutMissing(sec.getTitle() ?? '', missingNames(watch.textsFrom(0)), (n) => warnings.push(missingWarning(n, lineOf(sec))))
    const title = `${sec.isNumbered() && sec.getLevel() <= Number(doc.getAttribute('sectnumlevels') ?? 3) ? `${sec.getSectionNumber()} ` : ''}${written}`
    const blocks: Block[] = []
    const sections: Section[] = []
    for (const child of sec.getBlocks()) {
      if (child.getContext() === 'section') sections.push(convertSection(child))
      else convertResolved(child, blocks)
    }
    const attrs = sec.getAttributes() as Record<string, unknown>
    const slideAttributes: Record<string, string> = { ...backgroundOf(sec) }
    for (const [k, v] of Object.entries(attrs)) if (SLIDE_ATTRIBUTE.test(k)) slideAttributes[k] = String(v)
    // [%auto-animate] (and its id), as the converter writes them: reveal.js animates between such slides.
    if (sec.isOption('auto-animate')) slideAttributes['auto-animate'] = ''
    if (typeof attrs['auto-animate-id'] === 'string') slideAttributes['auto-animate-id'] = attrs['auto-animate-id']
    dropRemoteEmbeds(slideAttributes, lineOf(sec))
    return {
      title,
      titleText: htmlToText(withoutFootnoteRefs(title)),
      level: sec.getLevel(),
      ...placeOf(sec, where),
      // Pictures in the title (`== Title image:logo.png[]`) are copied like the body's.
      titleImages: inlineImages(title, lineOf(sec)),
      id: sec.getId() ?? '',
      hideTitle: title === '!' || sec.isOption('notitle') || sec.isOption('conceal'),
      roles: sec.getRoles(),
      slideAttributes,
      blocks,
      sections,
    }
  }

  /**
   * Remote backgrounds (a video, a page in an iframe, a picture at a URL) would be
   * requested when the deck is opened: bbl never does that. They are dropped with
   * a warning; the slide keeps its content.
   */
  const dropRemoteEmbeds = (attrs: Record<string, string>, line?: number): void => {
    // Remote background videos and pages are src/assets/media-files.ts's (left out there, with MEDIA_REMOTE).
    for (const k of ['background-image']) {
      const v = attrs[k]
      // Local ones stay: pictures and videos are copied into the deck, an iframe page is the author's.
      if (!v || !REMOTE.test(v)) continue
      warnings.push({ code: 'REMOTE_EMBED', message: `remote ${k.replace('background-', '')} background not loaded (bbl decks work offline): ${v}`, line })
      delete attrs[k]
    }
  }

  warnings.push(...unsupportedSettings(doc.getAttributes() as Record<string, unknown>))
  const titleSlide = titleSlideOf(doc.getAttributes() as Record<string, unknown>)
  const authorTheme = authorThemeOf(doc.getAttributes() as Record<string, unknown>)
  dropRemoteEmbeds(titleSlide.attributes)
  // Converted before the text, as it comes before it: a `footnote:id[…]` of the title is
  // known when the text refers to it. Opal returns its own nil (an object) for missing
  // values: keep strings only. Without a level-0 title Asciidoctor falls back to the
  // first section's: the file name is used instead. With `:notitle:` no slide shows the
  // title, nor its footnotes: they get no number.
  const front = notesMeta(doc.getAttribute('front-matter'), doc.getAttributes() as Record<string, unknown>)
  warnings.push(...front.warnings)
  const meta = front.meta
  // A `= Title` line wins over the front matter's title.
  const heading = doc.hasHeader() ? str(doc.getDocumentTitle()) : meta.title ? escapeHtml(meta.title) : undefined
  const title = heading && titleSlide.hidden ? withoutFootnoteRefs(heading) : heading

  const preamble: Block[] = []
  const sections: Section[] = []
  for (const b of doc.getBlocks()) {
    if (b.getContext() === 'preamble') for (const c of b.getBlocks()) convertResolved(c, preamble)
    else if (b.getContext() === 'section') sections.push(convertSection(b))
    else convertResolved(b, preamble)
  }

  const messages = placed.logger.getMessages()
  for (const [i, m] of messages.entries()) {
    const place = placed.placeOf(m, i)
    // A line of an included file is not a line of the notes: the message names that file and line instead.
    const other = place?.getFile() && path.resolve(docdir, place.getFile()!) !== path.join(docdir, path.basename(file)) ? place : undefined
    const line = other ? undefined : place?.getLineNumber()
    const message = other ? `${path.relative(docdir, other.getFile()!)}:${other.getLineNumber()}: ${m.getText()}` : m.getText()
    if (/^unterminated \w+ block/.test(message)) {
      const fix = message.replace(/^unterminated (\w+) block.*/, '$1')
      throw new BblError(`${message}; close the ${fix} block that starts here`, ExitCode.INPUT, { file, line })
    }
    // Missing attributes were said with the block they were in (convertResolved).
    if (MISSING_ATTRIBUTE.test(m.getText())) continue
    if (m.getSeverity() !== 'DEBUG' && m.getSeverity() !== 'INFO') warnings.push({ code: 'ASCIIDOC', message, line })
  }

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
    imagesdir,
    lang: str(doc.getAttribute('lang')) ?? meta.lang,
    preamble: numbered.preamble,
    sections: numbered.sections,
    hasSource,
    ...(scriptLine ? { scriptLine } : {}),
    titleSlide,
    ...(authorTheme ? { authorTheme } : {}),
    brand: { logo: str(doc.getAttribute('bbl-logo')), footer: str(doc.getAttribute('bbl-footer')) },
    warnings,
    includes: includedFiles(doc, docdir, messages.map((m) => m.getText())),
  }
}

type HtmlBlock = Extract<Block, { kind: 'html' }>

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined)


/** Read and parse a notes file (`file` as given, found from `cwd`) in the notes thread (worker.ts): a signal is honoured while it parses. */
export async function loadNotes(file: string, cwd = process.cwd(), read: ReadOptions = {}): Promise<NotesDoc> {
  return parseInThread({ text: await readNotes(file, cwd), file, cwd, read })
}
