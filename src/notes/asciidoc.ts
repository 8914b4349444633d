/**
 * The AsciiDoc engine, behind one module: @asciidoctor/core 3 (Opal, synchronous)
 * with the @asciidoctor/reveal.js 5 converter for block markup, so that what
 * its documentation promises ([.notes], %step fragments, .columns, background
 * images) keeps working in notes. Moving to the next converter release (built on
 * the asynchronous @asciidoctor/core 4) should change this file only.
 *
 * We use the converter for blocks, never for the document: the page around the
 * slides (reveal.js 6 paths, local assets, no CDN) is ours (src/slides/render.ts).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { AbstractBlock, Asciidoctor as Processor, List, Section as AdSection } from '@asciidoctor/core'
import { includedFiles } from './includes.js'
import { BblError, ExitCode } from '../core/error.js'
import type { Block, ImageRef, NotesDoc, Section, Warning } from './model.js'
import { notesName } from '../core/paths.js'
import { decodeEntities, escapeHtml, htmlToText } from '../core/text.js'
import { neutraliseRawHtml } from './raw-html.js'
import { unsupportedSettings } from './deck-settings.js'
import { backgroundOf, isBackgroundImage, REMOTE } from './background.js'

const require = createRequire(import.meta.url)

let processor: Processor | undefined
function engine(): Processor {
  if (!processor) {
    // Both are CommonJS; the converter registers itself on the shared Opal runtime.
    const asciidoctor = require('@asciidoctor/core') as () => Processor
    processor = asciidoctor()
    ;(require('@asciidoctor/reveal.js') as { register: () => void }).register()
  }
  return processor
}

/** Read the notes (`file` as given, relative to `cwd`), refusing what is not a text file with a one-line reason. */
export async function readNotes(file: string, cwd = process.cwd()): Promise<string> {
  let bytes: Buffer
  try {
    bytes = await readFile(path.resolve(cwd, file))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file; check the path, or run bbl from the folder that holds decks/'
      : code === 'EISDIR' ? 'is a directory; pass a notes file (.adoc) instead'
      : code === 'EACCES' ? 'cannot be read (permission denied)'
      : `cannot be read (${code ?? String(e)})`
    throw new BblError(why, ExitCode.INPUT, { file })
  }
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    throw new BblError(`is not a text file (binary data at byte ${nul}); pass AsciiDoc notes`, ExitCode.INPUT, { file })
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new BblError('is not UTF-8 text; save the notes as UTF-8', ExitCode.INPUT, { file })
  }
}

const lineOf = (node: AbstractBlock): number | undefined => node.getSourceLocation()?.getLineNumber()

/** Slide attributes the reveal.js converter reads on sections. */
const SLIDE_ATTRIBUTE = /^(background(-\w+)*|transition(-speed)?|state|autoslide)$/

/** Speaker notes, as the converter documents them: `[.notes]` open blocks and sidebars, `[NOTE.speaker]`, `aside`. */
const NOTES_ROLES = ['notes', 'speaker', 'aside']
const NOTES_CONTEXTS = new Set(['open', 'sidebar', 'admonition'])

const ONLY_INLINE_IMAGES = /^(\s*image:[^\s[:][^\s[]*\[[^\]]*\]\s*)+$/

/** Parse notes text into bbl's model. Throws BblError for input the notes cannot recover from. */
export function parseNotes(text: string, file: string, cwd = process.cwd()): NotesDoc {
  const ad = engine()
  const logger = ad.MemoryLogger.create()
  ad.LoggerManager.setLogger(logger)
  const docfile = path.resolve(cwd, file)
  const docdir = path.dirname(docfile)
  const name = notesName(file)
  // The converter counts footnotes in a class variable: start each notes file from zero
  // (section ids made from titles with footnotes depend on it).
  resetFootnotes()
  const doc = ad.load(text, {
    backend: 'revealjs',
    safe: 'safe',
    sourcemap: true,
    // As a whole document, so that `notitle` is set only when the notes set it (blocks convert the same).
    standalone: true,
    base_dir: docdir,
    attributes: { docname: name, docdir, docfile, 'bbl-build': '' },
  })

  const warnings: Warning[] = []
  let hasSource = false
  const imagesdir = String(doc.getAttribute('imagesdir') ?? '')

  const targetOf = (src: string): string => {
    const prefix = imagesdir ? imagesdir.replace(/\/+$/, '') + '/' : ''
    return prefix && src.startsWith(prefix) ? src.slice(prefix.length) : src
  }

  const inlineImages = (html: string, line?: number): ImageRef[] =>
    [...html.matchAll(/<img\b[^>]*?\bsrc="([^"]*)"[^>]*>/g)].map((m) => {
      const src = decodeEntities(m[1]!)
      const alt = /\balt="([^"]*)"/.exec(m[0])?.[1] ?? ''
      return { src, target: targetOf(src), line, alt: decodeEntities(alt) }
    })

  const htmlBlock = (b: AbstractBlock, html = b.convert()): Block => ({
    kind: 'html',
    html,
    text: htmlToText(html),
    context: b.getContext(),
    line: lineOf(b),
    images: inlineImages(html, lineOf(b)),
  })

  const photoOf = (b: AbstractBlock): ImageRef => {
    const target = String(b.getAttribute('target'))
    return { src: b.getImageUri(target), target, line: lineOf(b), alt: String(b.getAttribute('alt') ?? '') }
  }

  const convertBlock = (b: AbstractBlock, out: Block[]): void => {
    const context = b.getContext()
    if (context === 'toc') return
    if (context === 'listing' && b.getStyle() === 'source') hasSource = true
    if (context === 'image' && isBackgroundImage(b)) return // the slide's background: see convertSection
    if (context === 'video' || context === 'audio') {
      out.push(mediaLink(b))
      return
    }
    if (context === 'pass') {
      const raw = neutraliseRawHtml(b.convert())
      if (raw.unwrapped) {
        warnings.push({ code: 'RAW_HTML', message: 'raw <section> in a passthrough block would be a slide inside the slide; its content is kept, unwrapped', line: lineOf(b) })
      }
      if (raw.styles) {
        warnings.push({ code: 'UNSUPPORTED', message: 'a <style> in a passthrough block is not applied: bbl\'s theme lays out the slides (see --theme)', line: lineOf(b) })
      }
      for (const html of raw.parts) out.push(htmlBlock(b, html))
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
    if (NOTES_ROLES.some((r) => b.hasRole(r)) && NOTES_CONTEXTS.has(context)) {
      const html = b.convert()
      out.push({ kind: 'notes', html, text: htmlToText(html), line: lineOf(b) })
      return
    }
    if (context === 'paragraph' && ONLY_INLINE_IMAGES.test((b as unknown as { getSource(): string }).getSource())) {
      const html = b.convert()
      out.push({ kind: 'photos', images: inlineImages(html, lineOf(b)), caption: b.getTitle() || undefined, line: lineOf(b) })
      return
    }
    if ((context === 'ulist' || context === 'olist') && listHasPhotos(b as List)) {
      splitListAroundPhotos(b as List, out)
      return
    }
    out.push(htmlBlock(b))
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
    const blocks: Block[] = []
    const sections: Section[] = []
    // `:sectnums:` numbers titles as the converter does ("1.2. Title").
    const title = `${sec.isNumbered() && sec.getLevel() <= Number(doc.getAttribute('sectnumlevels') ?? 3) ? `${sec.getSectionNumber()} ` : ''}${sec.getTitle() ?? ''}`
    for (const child of sec.getBlocks()) if (child.getContext() !== 'section') convertBlock(child, blocks)
    // The footnotes of this slide, before its sub-sections (slides of their own) number theirs.
    const footnotes = slideFootnotes(sec)
    if (footnotes) blocks.push(footnotes)
    for (const child of sec.getBlocks()) if (child.getContext() === 'section') sections.push(convertSection(child))
    const attrs = sec.getAttributes() as Record<string, unknown>
    const slideAttributes: Record<string, string> = { ...backgroundOf(sec) }
    for (const [k, v] of Object.entries(attrs)) if (SLIDE_ATTRIBUTE.test(k)) slideAttributes[k] = String(v)
    // [%auto-animate] (and its id), as the converter writes them: reveal.js animates between such slides.
    if (sec.isOption('auto-animate')) slideAttributes['auto-animate'] = ''
    if (typeof attrs['auto-animate-id'] === 'string') slideAttributes['auto-animate-id'] = attrs['auto-animate-id']
    dropRemoteEmbeds(slideAttributes, lineOf(sec))
    return {
      title,
      titleText: htmlToText(title),
      level: sec.getLevel(),
      line: lineOf(sec),
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
    for (const k of ['background-image', 'background-video', 'background-iframe']) {
      const v = attrs[k]
      if (!v || !(REMOTE.test(v) || k === 'background-iframe')) continue
      warnings.push({ code: 'REMOTE_EMBED', message: `remote ${k.replace('background-', '')} background not loaded (bbl decks work offline): ${v}`, line })
      delete attrs[k]
    }
  }

  warnings.push(...unsupportedSettings(doc.getAttributes() as Record<string, unknown>))
  const titleSlide = titleSlideOf(doc.getAttributes() as Record<string, unknown>)
  dropRemoteEmbeds(titleSlide.attributes)

  /**
   * Video and audio are not embedded: a remote one (YouTube, Vimeo, a URL) would be
   * requested when the deck is opened, and bbl does not copy local media files. The
   * block becomes a link to it, with a warning.
   */
  const mediaLink = (b: AbstractBlock): Block => {
    const target = String(b.getAttribute('target') ?? '')
    const poster = String(b.getAttribute('poster') ?? '')
    const href =
      poster === 'youtube' ? `https://www.youtube.com/watch?v=${target.split('/')[0]}`
      : poster === 'vimeo' ? `https://vimeo.com/${target.split('#')[0]}`
      : REMOTE.test(target) ? target.split(',')[0]!
      : b.getMediaUri(target)
    const remote = REMOTE.test(href)
    warnings.push({
      code: remote ? 'REMOTE_EMBED' : 'UNSUPPORTED',
      message: remote ? `remote ${b.getContext()} not embedded (bbl decks work offline); shown as a link: ${href}` : `${b.getContext()} is not embedded by bbl; shown as a link: ${target}`,
      line: lineOf(b),
    })
    const label = b.getTitle() || escapeHtml(href)
    const html = `<div class="paragraph bbl-media-link"><p>${b.getContext() === 'video' ? '▶' : '♪'} <a href="${escapeHtml(href)}">${label}</a></p></div>`
    return { kind: 'html', html, text: htmlToText(html), context: 'paragraph', line: lineOf(b), images: [] }
  }

  const preamble: Block[] = []
  const sections: Section[] = []
  for (const b of doc.getBlocks()) {
    if (b.getContext() === 'preamble') for (const c of b.getBlocks()) convertBlock(c, preamble)
    else if (b.getContext() === 'section') sections.push(convertSection(b))
    else convertBlock(b, preamble)
  }

  for (const m of logger.getMessages()) {
    const line = m.getSourceLocation()?.getLineNumber()
    const message = m.getText()
    if (/^unterminated \w+ block/.test(message)) {
      const fix = message.replace(/^unterminated (\w+) block.*/, '$1')
      throw new BblError(`${message}; close the ${fix} block that starts here`, ExitCode.INPUT, { file, line })
    }
    if (m.getSeverity() !== 'DEBUG' && m.getSeverity() !== 'INFO') warnings.push({ code: 'ASCIIDOC', message, line })
  }

  // Opal returns its own nil (an object) for missing values: keep strings only.
  // Without a level-0 title Asciidoctor falls back to the first section's: use the file name instead.
  const title = doc.hasHeader() ? str(doc.getDocumentTitle()) : undefined
  const date = str(doc.getAttribute('revdate'))
  return {
    file,
    name,
    title: title ?? name,
    titleText: title ? htmlToText(title) : name,
    author: str(doc.getAuthor()),
    email: str(doc.getAttribute('email')),
    date,
    imagesdir,
    lang: str(doc.getAttribute('lang')),
    preamble,
    sections,
    hasSource,
    titleSlide,
    warnings,
    includes: includedFiles(doc, docdir, logger.getMessages().map((m) => m.getText())),
  }
}

/** A photo's `.Title`, else the alt text its author wrote (not the one made from the file name). */
function captionOf(b: AbstractBlock): string | undefined {
  const title = b.getCaptionedTitle()
  if (title) return title
  const alt = b.getAttribute('alt')
  return typeof alt === 'string' && alt && !b.hasAttribute('default-alt') ? escapeHtml(alt) : undefined
}

/**
 * An image its author sized (width, height), floated or aligned, or gave a role
 * (`.stretch`, `.right`...): not a photo to show large on a slide of its own.
 */
function isPlaced(b: AbstractBlock): boolean {
  return ['width', 'height', 'scaledwidth', 'float', 'align'].some((k) => b.hasAttribute(k)) || b.getRoles().length > 0
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined)

function listHasPhotos(list: List): boolean {
  return (list.getItems() as unknown as AbstractBlock[]).some((item) =>
    item.getBlocks().some((c: AbstractBlock) => c.getContext() === 'image'),
  )
}

/** Read and parse a notes file; `file` is kept as given (for messages), and found from `cwd`. */
export async function loadNotes(file: string, cwd = process.cwd()): Promise<NotesDoc> {
  return parseNotes(await readNotes(file, cwd), file, cwd)
}

/** `:notitle:` and `:title-slide-background-*:` (as the converter documents them) → the title slide's settings. */
/**
 * The footnotes of a slide, numbered from 1 on each slide and shown at its foot, as the
 * converter does: its own helpers keep count while the slide's blocks are converted.
 */
interface OpalGlobal {
  Opal?: { Object: { $new(): unknown }; Asciidoctor?: { Revealjs?: { Converter?: { Helpers?: unknown } } } }
}
const converterHelpers = () => (globalThis as unknown as OpalGlobal).Opal?.Asciidoctor?.Revealjs?.Converter?.Helpers

function resetFootnotes(): void {
  const opal = (globalThis as unknown as OpalGlobal).Opal
  const helpers = converterHelpers()
  if (!opal || !helpers) return
  const any = opal.Object.$new() as { $extend(m: unknown): void; $clear_slide_footnotes(): void }
  any.$extend(helpers)
  any.$clear_slide_footnotes()
}

function slideFootnotes(sec: AdSection): Block | undefined {
  const helpers = converterHelpers()
  if (!helpers) return undefined
  const node = sec as unknown as { $extend(m: unknown): void; $slide_footnotes(s: unknown): Array<{ $index(): number; $text(): string }>; $clear_slide_footnotes(): void }
  node.$extend(helpers)
  const notes = node.$slide_footnotes(sec)
  node.$clear_slide_footnotes()
  if (notes.length === 0) return undefined
  const html = `<div class="footnotes">${notes.map((f) => `<div class="footnote">${f.$index()}. ${f.$text()}</div>`).join('')}</div>`
  return { kind: 'html', html, text: htmlToText(html), context: 'footnotes', images: [] }
}

function titleSlideOf(attrs: Record<string, unknown>): NotesDoc['titleSlide'] {
  const attributes: Record<string, string> = {}
  for (const [k, v] of Object.entries(attrs)) {
    const m = /^title-slide-(background(?:-[\w-]+)?|transition(?:-speed)?|state)$/.exec(k)
    if (m && typeof v === 'string') attributes[m[1]!] = v
  }
  return { hidden: 'notitle' in attrs, attributes }
}
