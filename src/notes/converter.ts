/**
 * The reveal.js converter, with bbl's own markup for the few nodes a slide
 * deck built at bbl's scale needs differently (src/notes/asciidoc.ts registers it):
 *
 * - footnote references keep the number Asciidoctor gives them in the whole
 *   document (the reveal.js converter renumbers them per section, so numbers
 *   repeated and restarted); those in section titles are marked apart and
 *   numbered in the notes' order by src/notes/footnotes.ts; src/slides/ puts each
 *   footnote's text at the foot of every slide that references it;
 * - math (`stem`, `latexmath`, `asciimath`, inline and block) is typeset now
 *   into static SVG (src/notes/math.ts) instead of being left as `\(…\)` for a
 *   MathJax script the deck does not load;
 * - `[mermaid]` and `[graphviz]` blocks are marked for the build to draw
 *   (src/notes/diagrams.ts); other diagram kinds stay source, with a warning.
 *
 * Every other node goes to the reveal.js converter unchanged.
 */
import type { AbstractNode, Asciidoctor as Processor } from '@asciidoctor/core'
import { decodeEntities, escapeHtml } from '../core/text.js'
import type { Warning } from './model.js'
import { type MathNotation, typeset } from './math.js'
import { diagramBlock, diagramKindOf } from './diagrams.js'

type Convert = (node: AbstractNode, transform?: string, opts?: unknown) => string

/** What converting the notes being parsed reports (set by parseNotes around its conversions). */
export interface Scope {
  /** Math that cannot be typeset. */
  warn(w: Warning): void
  /** The texts of the footnotes written in section titles, in the order they are converted (see titleFootnote). */
  titleNotes: string[]
  /** Which of those a `footnote:id[…]` in a title defined, by id: `footnote:id[]` in the text refers to it. */
  titleIds: Map<string, number>
}
let scope: Scope | undefined
export function convertScope(to: Scope | undefined): void {
  scope = to
}

const isMath = (t: unknown): t is MathNotation => t === 'latexmath' || t === 'asciimath'

/** A node's line in the notes: its own, or its enclosing block's (inline nodes have none). */
function lineOf(node: AbstractNode): number | undefined {
  for (let n: AbstractNode | undefined = node; n; n = n.getParent() as AbstractNode | undefined) {
    const loc = (n as unknown as { getSourceLocation?: () => { getLineNumber(): number } | undefined }).getSourceLocation?.()
    if (loc) return loc.getLineNumber()
  }
  return undefined
}

function math(source: string, notation: MathNotation, display: boolean, node: AbstractNode): string {
  const { svg, error } = typeset(source, notation, display)
  if (error) scope?.warn({ code: 'ASCIIDOC', message: `math cannot be typeset: ${error}: ${source.slice(0, 60)}`, line: lineOf(node) })
  return svg
}

function inlineFootnote(node: AbstractNode): string | undefined {
  const inTitle = titleFootnote(node) ?? titleFootnoteAgain(node)
  if (inTitle) return inTitle
  const index = node.getAttribute('index')
  if (index === undefined || index === null || typeof index === 'object') return undefined
  return `<sup class="footnote" data-footnote="${escapeHtml(String(index))}">[${escapeHtml(String(index))}]</sup>`
}

/** How many footnotes each section's title has had so far (the key is the Asciidoctor section). */
const titleCounts = new WeakMap<object, number>()

/**
 * A footnote in a section title. Asciidoctor converts the title while parsing, to
 * make the section's id from it, and then counts the body's footnotes from 1 again:
 * its number would repeat one of the body's. So its text is kept apart
 * (`data-footnote-title`, an index in the scope's titleNotes; src/notes/footnotes.ts
 * gives it its number in the notes' order), and the number shown meanwhile is the
 * one the reveal.js converter gives, counted per section from 1: the section's id
 * is the converter's (`== Foo footnote:[x]` → `_foo1`), whatever precedes it.
 */
function titleFootnote(node: AbstractNode): string | undefined {
  const section = node.getParent() as AbstractNode | undefined
  if (!scope || !section || section.getNodeName() !== 'section') return undefined
  const k = (titleCounts.get(section) ?? 0) + 1
  titleCounts.set(section, k)
  const seq = definedInTitle(node) ?? scope.titleNotes.push(String((node as unknown as { getText(): string }).getText() ?? ''))
  const id = (node as unknown as { getId(): unknown }).getId()
  if (typeof id === 'string' && id) scope.titleIds.set(id, seq)
  return `<sup class="footnote" data-footnote-title="${seq}">[${k}]</sup>`
}

/** For `footnote:id[]`, the footnote a title defined under that id (its index in titleNotes), if one did. */
function definedInTitle(node: AbstractNode): number | undefined {
  const target = (node as unknown as { getTarget(): unknown }).getTarget()
  return typeof target === 'string' ? scope?.titleIds.get(target) : undefined
}

/** `footnote:id[]` in the text, for a footnote a title defined: the same footnote, under the same number. */
function titleFootnoteAgain(node: AbstractNode): string | undefined {
  const seq = definedInTitle(node)
  return seq === undefined ? undefined : `<sup class="footnote" data-footnote-title="${seq}">[${seq}]</sup>`
}

function stemBlock(node: AbstractNode): string {
  const block = node as unknown as { getContent(): string; getStyle(): string; getTitle(): string | undefined; getId(): string | undefined; getRoles(): string[] }
  const style = block.getStyle()
  // Asciidoctor escapes the block's content for HTML (`<` as `&lt;`): MathJax wants the source.
  let source = decodeEntities(String(block.getContent() ?? '')).trim()
  if (style === 'latexmath') source = source.replace(/^\\\[([\s\S]*)\\\]$/, '$1').replace(/^\$\$([\s\S]*)\$\$$/, '$1').trim()
  const notation: MathNotation = style === 'latexmath' ? 'latexmath' : 'asciimath'
  const id = block.getId()
  const classes = ['stemblock', ...block.getRoles()].join(' ')
  const title = block.getTitle()
  return `<div${id ? ` id="${escapeHtml(id)}"` : ''} class="${escapeHtml(classes)}">${title ? `<div class="title">${title}</div>` : ''}<div class="content bbl-math-block">${math(source, notation, true, node)}</div></div>`
}

/**
 * A `[mermaid]` or `[graphviz]` block, marked to be drawn by the build (src/notes/diagrams.ts);
 * another diagram kind (`[plantuml]`…) is left to the converter, as source, with a warning.
 */
function diagram(node: AbstractNode): string | undefined {
  const block = node as unknown as { getSource(): string; getStyle(): string; getTitle(): string | undefined; getId(): string | undefined; getRoles(): string[] }
  const style = block.getStyle()
  const kind = diagramKindOf(style)
  if (!kind) return undefined
  if (kind === 'other') {
    scope?.warn({ code: 'DIAGRAM', message: `[${style}] diagram shown as its source: bbl draws [mermaid] and [graphviz] diagrams only (draw it as a picture and use image::)`, line: lineOf(node) })
    return undefined
  }
  return diagramBlock({ kind, source: String(block.getSource() ?? ''), line: lineOf(node), id: block.getId(), title: block.getTitle(), roles: block.getRoles() })
}

/**
 * A formula and the punctuation right after it stay on one line ("…is Ω(n log n).",
 * not a line that starts with "."): a line may break after an SVG like after a word.
 */
export function keepPunctuation(html: string): string {
  if (!html.includes('<span class="bbl-math">')) return html
  return html.replace(/(<span class="bbl-math"><svg\b(?:(?!<\/svg>)[\s\S])*<\/svg><\/span>)([.,;:!?…)\]»"”’]+)/g, '<span class="bbl-math-nb">$1$2</span>')
}

/**
 * Callouts in source code (`<b>(1)</b>`) are markup, and the code is already
 * escaped by Asciidoctor: reveal.js's highlight plugin would escape it again and
 * show the tags. `data-noescape` tells it not to (what the converter writes when a
 * highlighter is set).
 */
export function withCallouts(html: string): string {
  return /<b>\(\d+\)<\/b>/.test(html) ? html.replace(/<code(?![^>]*\bdata-noescape)\b/g, '<code data-noescape') : html
}

/** Register bbl's converter for the `revealjs` backend, in front of the reveal.js converter. */
export function registerConverter(ad: Processor): void {
  type Created = { $convert: Convert; $backend_traits(): { $$smap: Record<string, unknown> } }
  const created = (ad as unknown as { Converter: { create(backend: string): Created } }).Converter.create('revealjs')
  const base: Convert = (node, transform, opts) => created.$convert(node, transform, opts)
  const delegate = (created as unknown as { $instance_variable_get(n: string): { $convert: Convert } }).$instance_variable_get('@delegate_converter')
  const html5: Convert = (node, transform, opts) => delegate.$convert(node, transform, opts)
  const converter = {
    backend: 'revealjs',
    // The reveal.js converter's traits (basebackend html...): the document enables its syntax highlighter on them.
    backend_traits: { ...created.$backend_traits().$$smap },
    convert(node: AbstractNode, transform?: string, opts?: unknown): string {
      const name = transform ?? node.getNodeName()
      if (name === 'inline_footnote') return inlineFootnote(node) ?? base(node, transform, opts)
      if (name === 'inline_quoted') {
        const type = (node as unknown as { getType(): unknown }).getType()
        if (isMath(type)) {
          const text = decodeEntities(String((node as unknown as { getText(): string }).getText() ?? ''))
          return `<span class="bbl-math">${math(text, type, false, node)}</span>`
        }
      }
      if (name === 'stem') return stemBlock(node)
      // A bibliography entry (`[[[knuth, 1]]]`): the reveal.js converter writes `<a></a>[]`; HTML5's has the id and the label.
      if (name === 'inline_anchor' && (node as unknown as { getType(): unknown }).getType() === 'bibref') return html5(node, transform, opts)
      if (name === 'listing' || name === 'literal') {
        const drawn = diagram(node)
        if (drawn !== undefined) return drawn
      }
      if (name === 'listing') return withCallouts(base(node, transform, opts))
      return base(node, transform, opts)
    },
    // The reveal.js converter reaches its HTML5 delegate through the document's converter
    // (`converter.instance_variable_get('@delegate_converter')`, for sized images): this one answers with its own.
    $instance_variable_get(name: string): unknown {
      return (created as unknown as { $instance_variable_get(n: string): unknown }).$instance_variable_get(name)
    },
  }
  ;(ad.ConverterFactory as unknown as { register(c: unknown, backends: string[]): void }).register(converter, ['revealjs'])
}
