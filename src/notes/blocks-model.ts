/**
 * The notes' blocks and sections as bbl's model: each Asciidoctor block becomes
 * HTML, photos, media or speaker notes; each section a slide with its settings.
 * What the conversion shares (the document, where it is, the warnings so far,
 * what it found) is one explicit ModelScope, handed to every step.
 */
import type { AbstractBlock, Asciidoctor as Processor, List, Section as AdSection } from '@asciidoctor/core'
import type { Block, Footnote, ImageRef, Section, Warning } from './model.js'
import { keepPunctuation } from './converter.js'
import { withoutFootnoteRefs } from './footnotes.js'
import { mediaRefOf, placeOf } from './media-blocks.js'
import { captionOf, isPlaced, listHasPhotos } from './image-blocks.js'
import { inlineFramesAsLinks, rawMediaPieces } from './raw-media.js'
import { decodeEntities, htmlToText } from '../core/text.js'
import { neutraliseRawHtml, rawHtmlWarnings } from './raw-html.js'
import { backgroundOf, isBackgroundImage, REMOTE } from './background.js'
import type { PlacedLogger } from './placed-logger.js'
import { type MissingWatch, missingNames, missingWarning, resolving, withoutMissing, withoutReferences } from './missing-attributes.js'

/** A parsed notes document. */
export type Doc = ReturnType<Processor['load']>
type HtmlBlock = Extract<Block, { kind: 'html' }>

/** What converting one notes file's blocks shares, said once: no state hidden in closures. */
export interface ModelScope {
  readonly doc: Doc
  /** Where blocks are written: the notes file (absolute) and its folder. */
  readonly where: { notes: string; docdir: string }
  /** The notes' `:imagesdir:`, taken off image targets. */
  readonly imagesdir: string
  /** The warnings said so far, in order: converting adds its own. */
  readonly warnings: Warning[]
  /** Asciidoctor's log, read for the `{references}` a conversion left unresolved. */
  readonly watch: MissingWatch
  /** Found while converting: a `[source]` listing, the line of the first raw `<script>`. */
  readonly found: { hasSource: boolean; scriptLine?: number }
}

/** The scope to convert `doc`'s blocks in; `notes` is the notes file (absolute), `docdir` its folder. */
export function modelScope(o: { doc: Doc; placed: PlacedLogger; warnings: Warning[]; notes: string; docdir: string }): ModelScope {
  const { doc, placed, warnings } = o
  const watch: MissingWatch = {
    count: () => placed.logger.getMessages().length,
    textsFrom: (i: number) => placed.logger.getMessages().slice(i).map((m) => m.getText()),
    warn: (w: Warning) => warnings.push(w),
  }
  const imagesdir = String(doc.getAttribute('imagesdir') ?? '')
  return { doc, where: { notes: o.notes, docdir: o.docdir }, imagesdir, warnings, watch, found: { hasSource: false } }
}

const lineOf = (node: AbstractBlock): number | undefined => node.getSourceLocation()?.getLineNumber()
/** Slide attributes the reveal.js converter reads on sections. */
const SLIDE_ATTRIBUTE = /^(background(-\w+)*|transition(-speed)?|state|autoslide)$/
const ONLY_INLINE_IMAGES = /^(\s*image:[^\s[:][^\s[]*\[[^\]]*\]\s*)+$/

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

/** An image's target as written in the notes: its URI without the `:imagesdir:` prefix. */
function targetOf(cx: ModelScope, src: string): string {
  const prefix = cx.imagesdir ? `${cx.imagesdir.replace(/\/+$/, '')}/` : ''
  return prefix && src.startsWith(prefix) ? src.slice(prefix.length) : src
}

/** The `<img>`s of converted HTML, as image references on `line`. */
function inlineImages(cx: ModelScope, html: string, line?: number): ImageRef[] {
  return [...html.matchAll(/<img\b[^>]*?\bsrc="([^"]*)"[^>]*>/g)].map((m) => {
    const src = decodeEntities(m[1]!)
    const alt = /\balt="([^"]*)"/.exec(m[0])?.[1] ?? ''
    return { src, target: targetOf(cx, src), line, alt: decodeEntities(alt) }
  })
}

/** Inline images of a photo paragraph, with their roles (`<span class="image raw">`) and the paragraph's. */
function inlinePhotos(cx: ModelScope, b: AbstractBlock, html: string): ImageRef[] {
  const spans = [...html.matchAll(/<span class="image([^"]*)"><img\b/g)].map((m) => m[1]!.split(' ').filter(Boolean))
  return inlineImages(cx, html, lineOf(b)).map((ref, i) => ({ ...ref, roles: [...b.getRoles(), ...(spans[i] ?? [])] }))
}

/** A block as HTML (converted unless given), with its text, its pictures and its footnotes. */
function htmlBlock(cx: ModelScope, b: AbstractBlock, html = b.convert()): HtmlBlock {
  const footnotes = footnotesOf(cx.doc, html)
  return { kind: 'html', html, text: htmlToText(html), context: b.getContext(), line: lineOf(b), images: inlineImages(cx, html, lineOf(b)), ...(footnotes ? { footnotes } : {}) }
}

/** An image block as a photo on a slide of its own. */
function photoBlock(b: AbstractBlock): Block {
  const target = String(b.getAttribute('target'))
  const photo: ImageRef = { src: b.getImageUri(target), target, line: lineOf(b), alt: String(b.getAttribute('alt') ?? ''), roles: b.getRoles() }
  return { kind: 'photos', images: [photo], caption: captionOf(b), line: lineOf(b) }
}

/** A passthrough block (or one the author wrote unescaped): its raw HTML made harmless (said in warnings), and any `<video>`/`<audio>` in it as media. */
function passBlocks(cx: ModelScope, b: AbstractBlock): Block[] {
  const raw = neutraliseRawHtml(b.convert())
  cx.warnings.push(...rawHtmlWarnings(raw, lineOf(b)))
  if (raw.script) cx.found.scriptLine ??= lineOf(b)
  return raw.parts
    .flatMap((html) => rawMediaPieces(html, placeOf(b, cx.where)))
    .map((piece) => (piece.media ? { ...htmlBlock(cx, b, piece.html), text: piece.media.title ?? '', media: piece.media } : htmlBlock(cx, b, piece.html)))
}

/** A paragraph of inline images only: photos, unless stepped or sized (then kept in their paragraph, in the author's order). */
function imageParagraphBlock(cx: ModelScope, b: AbstractBlock): Block {
  const html = b.convert()
  // Inline images that appear step by step (`image:x.jpg[step=1]`) stay in their paragraph, in the author's order;
  // so do those the author sized (`image:logo.png[width=150]`): shown at that size, not as photos.
  if (/<span class="image\b[^"]*\bfragment\b/.test(html) || /<img\b[^>]*\b(?:width|height)="/.test(html)) return htmlBlock(cx, b, html)
  return { kind: 'photos', images: inlinePhotos(cx, b, html), caption: b.getTitle() || undefined, line: lineOf(b) }
}

/** Any other block: speaker notes when the converter makes it an `<aside class="notes">`, else HTML. */
function proseBlock(cx: ModelScope, b: AbstractBlock): Block {
  // Speaker notes in any form the converter knows ([.notes] open block or sidebar, [NOTE.speaker], .aside):
  // it says so by making them an <aside class="notes">.
  const html = framesAsLinks(cx, b, keepPunctuation(b.convert()))
  if (!/^\s*<aside class="notes">/.test(html)) return htmlBlock(cx, b, html)
  const notes = withFootnotes(html, footnotesOf(cx.doc, html))
  return { kind: 'notes', html: notes, text: htmlToText(notes), line: lineOf(b) }
}

/** A block's inline remote frames (`pass:[<iframe …>]` in a sentence) as links, each said in a warning on the block's line. */
function framesAsLinks(cx: ModelScope, b: AbstractBlock, html: string): string {
  if (!/<iframe\b/i.test(html)) return html
  const { html: linked, replaced } = inlineFramesAsLinks(html, placeOf(b, cx.where))
  for (const m of replaced) cx.warnings.push({ code: 'MEDIA_REMOTE', line: lineOf(b), message: `remote ${m.provider ? 'video' : 'page'} shown as a link, not embedded (decks work offline): ${m.target}` })
  return linked
}

/** The blocks whose text Asciidoctor passes through as HTML when the author turns its escaping off. */
const RAW_CAPABLE = new Set(['listing', 'literal', 'paragraph'])

/** What one block of the notes becomes (none, one, or several blocks), as its context says. */
function blocksOf(cx: ModelScope, b: AbstractBlock): Block[] {
  const context = b.getContext()
  if (context === 'toc') return []
  if (context === 'listing' && b.getStyle() === 'source') cx.found.hasSource = true
  if (context === 'image' && isBackgroundImage(b)) return [] // the slide's background: see sectionOf
  // A block whose text is not escaped (`subs=none` on a listing or paragraph) holds raw HTML, as a passthrough does.
  if (context === 'pass' || (RAW_CAPABLE.has(context) && !(b as unknown as { getSubstitutions(): string[] }).getSubstitutions().includes('specialcharacters'))) return passBlocks(cx, b)
  // An image the author sized or placed stays with the text around it, at that size.
  if (context === 'image') return [isPlaced(b) ? htmlBlock(cx, b) : photoBlock(b)]
  if (context === 'paragraph' && ONLY_INLINE_IMAGES.test((b as unknown as { getSource(): string }).getSource())) return [imageParagraphBlock(cx, b)]
  if (context === 'video' || context === 'audio') {
    const media = mediaRefOf(b, placeOf(b, cx.where))
    return [{ ...htmlBlock(cx, b), text: media.title ?? '', media }]
  }
  if ((context === 'ulist' || context === 'olist') && listHasPhotos(b as List)) return listAroundPhotos(cx, b as List)
  return [proseBlock(cx, b)]
}

/** blocksOf, then any `{reference}` it left unresolved taken out of what it made, with a warning on its line. */
export function resolvedBlocks(cx: ModelScope, b: AbstractBlock): Block[] {
  return resolving(cx.watch, lineOf(b), () => blocksOf(cx, b), (made, names) => made.map((x) => withoutReferences(x, names)))
}

type WithBlocks = { blocks: unknown[] }

/** Some items of a list as one HTML block; an ordered list numbered from `start`. */
function listPart(cx: ModelScope, list: List, items: AbstractBlock[], start: number): Block {
  ;(list as unknown as WithBlocks).blocks = items
  if (list.getContext() === 'olist') list.setAttribute('start', String(start))
  return htmlBlock(cx, list, list.convert())
}

/** The image blocks of a list item, taken out of it. */
function takePhotos(item: AbstractBlock): AbstractBlock[] {
  const itemAny = item as unknown as { blocks: AbstractBlock[] }
  const photos = itemAny.blocks.filter((c) => c.getContext() === 'image')
  if (photos.length > 0) itemAny.blocks = itemAny.blocks.filter((c) => c.getContext() !== 'image')
  return photos
}

/**
 * A photo attached to a list item (`* item` + `+` + `image::...[]`) gets a slide of
 * its own, like any photo: the list is cut after that item, the photo follows it,
 * and the rest of the list goes on after the photo (numbering kept).
 */
function listAroundPhotos(cx: ModelScope, list: List): Block[] {
  const items = list.getItems() as unknown as AbstractBlock[]
  const saved = (list as unknown as WithBlocks).blocks
  const hadStart = list.hasAttribute('start')
  const start0 = Number(list.getAttribute('start') ?? 1)
  const out: Block[] = []
  let from = 0
  items.forEach((item, i) => {
    const photos = takePhotos(item)
    if (photos.length === 0) return
    out.push(listPart(cx, list, items.slice(from, i + 1), start0 + from))
    from = i + 1
    out.push(...photos.map(photoBlock))
  })
  if (items.length > from) out.push(listPart(cx, list, items.slice(from), start0 + from))
  ;(list as unknown as WithBlocks).blocks = saved
  if (list.getContext() === 'olist') {
    if (hadStart) list.setAttribute('start', String(start0))
    else list.removeAttribute('start')
  }
  return out
}

/** A section's title as shown: numbered as `:sectnums:` asks, without the `{references}` it left unresolved (said once each). */
function sectionTitle(cx: ModelScope, sec: AdSection): string {
  // The title's footnotes are numbered in the notes' order once all is converted (numberFootnotes).
  // `:sectnums:` numbers titles as the converter does ("1.2. Title").
  // A title's references are substituted while parsing (for its id): what the log says then is checked here.
  const written = withoutMissing(sec.getTitle() ?? '', missingNames(cx.watch.textsFrom(0)), (n) => cx.warnings.push(missingWarning(n, lineOf(sec))))
  return `${sec.isNumbered() && sec.getLevel() <= Number(cx.doc.getAttribute('sectnumlevels') ?? 3) ? `${sec.getSectionNumber()} ` : ''}${written}`
}

/** The reveal.js settings a section gives its slide: background, transition, state, autoslide, auto-animate. */
function slideAttributesOf(cx: ModelScope, sec: AdSection): Record<string, string> {
  const attrs = sec.getAttributes() as Record<string, unknown>
  const slideAttributes: Record<string, string> = { ...backgroundOf(sec) }
  for (const [k, v] of Object.entries(attrs)) if (SLIDE_ATTRIBUTE.test(k)) slideAttributes[k] = String(v)
  // [%auto-animate] (and its id), as the converter writes them: reveal.js animates between such slides.
  if (sec.isOption('auto-animate')) slideAttributes['auto-animate'] = ''
  if (typeof attrs['auto-animate-id'] === 'string') slideAttributes['auto-animate-id'] = attrs['auto-animate-id']
  dropRemoteEmbeds(cx.warnings, slideAttributes, lineOf(sec))
  return slideAttributes
}

/** A section of the notes as a slide: its title, settings, blocks and subsections. */
function sectionOf(cx: ModelScope, s: AbstractBlock): Section {
  const sec = s as AdSection
  const title = sectionTitle(cx, sec)
  const blocks: Block[] = []
  const sections: Section[] = []
  for (const child of sec.getBlocks()) {
    if (child.getContext() === 'section') sections.push(sectionOf(cx, child))
    else blocks.push(...resolvedBlocks(cx, child))
  }
  const slideAttributes = slideAttributesOf(cx, sec)
  return {
    title,
    titleText: htmlToText(withoutFootnoteRefs(title)),
    level: sec.getLevel(),
    ...placeOf(sec, cx.where),
    // Pictures in the title (`== Title image:logo.png[]`) are copied like the body's.
    titleImages: inlineImages(cx, title, lineOf(sec)),
    id: sec.getId() ?? '',
    hideTitle: title === '!' || sec.isOption('notitle') || sec.isOption('conceal'),
    roles: sec.getRoles(),
    slideAttributes,
    blocks,
    sections,
  }
}

/** The notes' body: the blocks before the first section (the preamble), and the sections. */
export function bodyOf(cx: ModelScope): { preamble: Block[]; sections: Section[] } {
  const preamble: Block[] = []
  const sections: Section[] = []
  for (const b of cx.doc.getBlocks()) {
    if (b.getContext() === 'preamble') for (const c of b.getBlocks()) preamble.push(...resolvedBlocks(cx, c))
    else if (b.getContext() === 'section') sections.push(sectionOf(cx, b))
    else preamble.push(...resolvedBlocks(cx, b))
  }
  return { preamble, sections }
}

/**
 * Remote backgrounds (a video, a page in an iframe, a picture at a URL) would be
 * requested when the deck is opened: bbl never does that. They are dropped with
 * a warning; the slide keeps its content.
 */
export function dropRemoteEmbeds(warnings: Warning[], attrs: Record<string, string>, line?: number): void {
  // Remote background videos and pages are src/assets/media-files.ts's (left out there, with MEDIA_REMOTE).
  for (const k of ['background-image']) {
    const v = attrs[k]
    // Local ones stay: pictures and videos are copied into the deck, an iframe page is the author's.
    if (!v || !REMOTE.test(v)) continue
    warnings.push({ code: 'REMOTE_EMBED', message: `remote ${k.replace('background-', '')} background not loaded (bbl decks work offline): ${v}`, line })
    delete attrs[k]
  }
}
