/**
 * A drawn diagram's SVG made ready for a slide (pure: markup in, markup out):
 * no XML prolog or comments, `role="img"` with the source as its text
 * alternative, and a size that keeps its proportions and never exceeds the
 * slide (its natural width times the scale bbl.css gives diagrams, the block's width, or what fits the height bbl.css
 * gives diagrams, whichever is smallest: the fitting then places it like a picture).
 * Also: where a drawing error points in the notes.
 */
import { escapeHtml } from '../core/text.js'
import type { DiagramKind } from '../notes/diagrams.js'

const ATTRIBUTE = /([\w:-]+)="([^"]*)"/g
/** What the drawing libraries put on the root that bbl replaces: its size, and roles a slide does not need. */
const REPLACED = new Set(['width', 'height', 'style', 'role', 'aria-roledescription', 'aria-label'])

/** The natural width in CSS pixels: Graphviz gives points, Mermaid a max-width in its style. */
function naturalWidth(attrs: Map<string, string>, viewWidth: number): number {
  const pt = /^([\d.]+)pt$/.exec(attrs.get('width') ?? '')
  if (pt) return (Number(pt[1]) * 4) / 3
  const max = /max-width:\s*([\d.]+)px/.exec(attrs.get('style') ?? '')
  if (max) return Number(max[1])
  return viewWidth
}

const round = (n: number) => Math.round(n * 100) / 100

/** Ids made unique in a deck that holds several diagrams (Graphviz names its groups graph0, node1…). */
function prefixIds(svg: string, prefix: string): string {
  return svg.replace(/\bid="([^"]*)"/g, `id="${prefix}-$1"`).replace(/url\(#([^)]*)\)/g, `url(#${prefix}-$1)`).replace(/href="#([^"]*)"/g, `href="#${prefix}-$1"`)
}

/** The height bbl.css gives a diagram at most (`--bbl-diagram-height`), in slide pixels. */
export const DIAGRAM_MAX_HEIGHT = 420
/** Below this share of its drawn size a diagram's labels are hard to read on a slide. */
export const READABLE_SHARE = 0.6

export interface Figure {
  svg: string
  /** The size it was drawn at, in CSS pixels. */
  width: number
  height: number
}

export function diagramFigure(o: { kind: DiagramKind; svg: string; source: string; id: string }): Figure {
  let svg = o.svg.slice(Math.max(0, o.svg.indexOf('<svg'))).replace(/<!--[\s\S]*?-->/g, '').trim()
  if (o.kind === 'graphviz') svg = prefixIds(svg, `bbl-g-${o.id}`)
  const tag = /^<svg\b[^>]*>/.exec(svg)?.[0]
  if (!tag) throw new Error(`${o.kind} drew no <svg>`)
  const attrs = new Map([...tag.matchAll(ATTRIBUTE)].map((m) => [m[1]!, m[2]!]))
  const [, , vw = 0, vh = 0] = (attrs.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number)
  const kept = [...attrs].filter(([k]) => !REPLACED.has(k)).map(([k, v]) => `${k}="${v}"`)
  const width = round(naturalWidth(attrs, vw))
  const ratio = vw > 0 && vh > 0 ? round(vw / vh) : 1
  const style = `width: min(calc(${width}px * var(--bbl-diagram-scale)), 100%, calc(var(--bbl-diagram-height) * ${ratio})); height: auto; aspect-ratio: ${vw || 1} / ${vh || 1}`
  const label = escapeHtml(o.source.trim())
  return { svg: `<svg ${kept.join(' ')} role="img" aria-label="${label}" style="${style}">${svg.slice(tag.length)}`, width, height: vw > 0 && vh > 0 ? round((width * vh) / vw) : width }
}

/** Whether a diagram is so tall that fitting it into a slide shrinks its labels past reading. */
export const tooTall = (f: Figure): boolean => DIAGRAM_MAX_HEIGHT / f.height < READABLE_SHARE

/** A drawing error as a warning: on the notes' line the library's message points to, else the block's. */
export function errorPlace(o: { kind: DiagramKind; error: string; source: string; blockLine?: number }): { message: string; line?: number } {
  const { kind, error, blockLine } = o
  const lines = error.split('\n').map((l) => l.trim()).filter(Boolean)
  const first = lines[0] ?? 'unknown error'
  // Mermaid's parse errors end with what it expected ("Expecting 'SEMI', got 'EOF'"), after a copy of the line.
  const expecting = lines.length > 1 && /^Expecting\b/.test(lines.at(-1)!) ? ` ${lines.at(-1)}` : ''
  const n = /\bline (\d+)/.exec(first)
  // An error at the end of the source (Mermaid counts a line past it) is on its last line.
  const last = o.source.split('\n').length
  const line = blockLine !== undefined && n ? blockLine + Math.min(Number(n[1]), last) : blockLine
  return { message: `[${kind}] diagram not drawn, shown as its source: ${first}${expecting}`, ...(line !== undefined ? { line } : {}) }
}
