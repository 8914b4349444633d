/**
 * Diagram blocks (`[mermaid]`, `[graphviz]` on a listing or literal block, as
 * Asciidoctor Diagram writes them). Asciidoctor keeps the style on the block
 * (`getStyle()`); the reveal.js converter would show the source as a listing.
 *
 * Drawing needs a browser (Mermaid) or WebAssembly (Graphviz), which the
 * synchronous conversion cannot wait for: the converter writes the block as its
 * source, marked with its kind and line (`diagramBlock`), and the build draws
 * every marked block into static SVG before the slides are measured
 * (src/assets/diagrams.ts). A block that cannot be drawn stays as it is written:
 * its source, in a listing. Other kinds (`[plantuml]`, `[ditaa]`…) need
 * programs bbl does not ship: they stay source, with a warning on their line.
 */
import { escapeHtml } from '../core/text.js'

export type DiagramKind = 'mermaid' | 'graphviz'

/** What bbl draws. `dot` is Asciidoctor Diagram's other name for graphviz. */
const DRAWN: Record<string, DiagramKind> = { mermaid: 'mermaid', graphviz: 'graphviz', dot: 'graphviz' }

/** Asciidoctor Diagram's other block names: they are diagrams, shown as their source. */
const NOT_DRAWN = new Set([
  'a2s', 'actdiag', 'barcode', 'blockdiag', 'bpmn', 'bytefield', 'd2', 'dbml', 'diagrams', 'ditaa', 'dpic', 'erd', 'gnuplot',
  'lilypond', 'meme', 'msc', 'nomnoml', 'nwdiag', 'packetdiag', 'pikchr', 'plantuml', 'qrcode', 'rackdiag', 'seqdiag', 'smcat',
  'state_machine_cat', 'structurizr', 'svgbob', 'symbolator', 'syntrax', 'tikz', 'umlet', 'vega', 'vegalite', 'wavedrom',
])

/** Every diagram name Asciidoctor Diagram knows, drawn by bbl or not: also the names of its block macros (`mermaid::flow.mmd[]`). */
export const DIAGRAM_NAMES: readonly string[] = [...Object.keys(DRAWN), ...NOT_DRAWN]

/** The kind bbl draws for a block's style, 'other' for a diagram it does not draw, undefined for anything else. */
export function diagramKindOf(style: unknown): DiagramKind | 'other' | undefined {
  if (typeof style !== 'string') return undefined
  return DRAWN[style] ?? (NOT_DRAWN.has(style) ? 'other' : undefined)
}

/** The class and data attributes that mark a block to draw (src/assets/diagrams.ts finds them). */
export const DIAGRAM_CLASS = 'bbl-diagram-source'

/**
 * A diagram block to draw, as its source in a listing: what the deck shows if it
 * cannot be drawn. `source` is the block's text as written; `line`, the line of its
 * first delimiter (the source starts on the next one).
 */
export function diagramBlock(o: { kind: DiagramKind; source: string; line?: number; id?: string; title?: string; roles: string[] }): string {
  const classes = ['listingblock', DIAGRAM_CLASS, ...o.roles].join(' ')
  const line = o.line === undefined ? '' : ` data-line="${o.line}"`
  return (
    `<div${o.id ? ` id="${escapeHtml(o.id)}"` : ''} class="${escapeHtml(classes)}" data-diagram="${o.kind}"${line}>` +
    `${o.title ? `<div class="title">${o.title}</div>` : ''}` +
    `<div class="content"><pre>${escapeHtml(o.source)}</pre></div></div>`
  )
}
