/**
 * The reveal.js converter, with bbl's own markup for the few nodes a slide
 * deck built at bbl's scale needs differently (src/notes/asciidoc.ts registers it):
 *
 * - footnote references keep the number Asciidoctor gives them in the whole
 *   document (the reveal.js converter renumbers them per section, so numbers
 *   repeated and restarted); src/slides/ puts each footnote's text at the foot
 *   of every slide that references it;
 * - math (`stem`, `latexmath`, `asciimath`, inline and block) is typeset now
 *   into static SVG (src/notes/math.ts) instead of being left as `\(…\)` for a
 *   MathJax script the deck does not load.
 *
 * Every other node goes to the reveal.js converter unchanged.
 */
import type { AbstractNode, Asciidoctor as Processor } from '@asciidoctor/core'
import { decodeEntities, escapeHtml } from '../core/text.js'
import type { Warning } from './model.js'
import { type MathNotation, typeset } from './math.js'

type Convert = (node: AbstractNode, transform?: string, opts?: unknown) => string

/** Where math warnings of the notes being parsed go (set by parseNotes around its conversions). */
let sink: ((w: Warning) => void) | undefined
export function collectWarnings(to: ((w: Warning) => void) | undefined): void {
  sink = to
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
  if (error) sink?.({ code: 'ASCIIDOC', message: `math cannot be typeset: ${error}: ${source.slice(0, 60)}`, line: lineOf(node) })
  return svg
}

function inlineFootnote(node: AbstractNode): string | undefined {
  const index = node.getAttribute('index')
  if (index === undefined || index === null || typeof index === 'object') return undefined
  return `<sup class="footnote" data-footnote="${escapeHtml(String(index))}">[${escapeHtml(String(index))}]</sup>`
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
 * A formula and the punctuation right after it stay on one line ("…is Ω(n log n).",
 * not a line that starts with "."): a line may break after an SVG like after a word.
 */
export function keepPunctuation(html: string): string {
  if (!html.includes('<span class="bbl-math">')) return html
  return html.replace(/(<span class="bbl-math"><svg\b(?:(?!<\/svg>)[\s\S])*<\/svg><\/span>)([.,;:!?…)\]»"”’]+)/g, '<span class="bbl-math-nb">$1$2</span>')
}

/** Register bbl's converter for the `revealjs` backend, in front of the reveal.js converter. */
export function registerConverter(ad: Processor): void {
  type Created = { $convert: Convert; $backend_traits(): { $$smap: Record<string, unknown> } }
  const created = (ad as unknown as { Converter: { create(backend: string): Created } }).Converter.create('revealjs')
  const base: Convert = (node, transform, opts) => created.$convert(node, transform, opts)
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
