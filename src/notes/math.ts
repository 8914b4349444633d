/**
 * Math (`stem:[]`, `latexmath:[]`, `asciimath:[]` and their blocks), typeset at
 * build time into static SVG with MathJax's Node API (mathjax-full: TeX and
 * AsciiMath in, SVG out). A deck never loads a math script or a font for it:
 * the glyphs are paths in the SVG.
 *
 * Paths are not text, so each formula also carries its source as an invisible
 * SVG <text> stretched over the formula's box: it is what a PDF's text layer,
 * a search and the handout hold (without the `\(`, `\[` or `\$` delimiters).
 * It is transparent, not clipped or hidden: Chrome leaves out of a PDF the
 * glyphs that are clipped or have no opacity.
 */
import { escapeHtml } from '../core/text.js'
import { type MathNotation, typesetInThread } from './math-worker.js'
import { safeSvgLinks } from './svg-links.js'

export type { MathNotation } from './math-worker.js'

export interface TypesetMath {
  /** The formula as an inline <svg>, with its source as invisible text. */
  svg: string
  /** MathJax's message when the source is not valid (the SVG then shows the error in red). */
  error?: string
}

/**
 * Limits on one formula: MathJax's time grows faster than the formula (10,000
 * characters of TeX took 10 s, 200,000 of AsciiMath more than ten minutes) and
 * its parser recurses (500 nested braces overflow the stack). A real formula is
 * a few hundred characters, nested a few levels, typeset in milliseconds; `ms`
 * bounds the rest (a formula within the other limits that MathJax still works
 * seconds on, in CPU time). MathJax runs in a thread of its own (math-worker.ts),
 * ended when a formula takes longer.
 */
export const MATH_LIMITS = { chars: 4000, depth: 100, ms: 5000 }

/** Typeset one formula (its source without delimiters) into static SVG markup; one past the limits, or that MathJax fails on, is shown as its source. */
export function typeset(source: string, notation: MathNotation, display: boolean, limits = MATH_LIMITS): TypesetMath {
  const over = pastLimits(source, limits)
  if (over) return asSource(source, over)
  const done = typesetInThread({ source, notation, display }, { ms: limits.ms })
  if ('timedOut' in done) return asSource(source, `took longer than ${limits.ms / 1000} s`)
  if ('error' in done) return asSource(source, done.error)
  const html = done.html
  const error = /data-mjx-error="([^"]*)"/.exec(html)?.[1]
  const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0] ?? ''
  const box = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)
  const text = source.replace(/\s+/g, ' ').trim()
  const hidden = box ? hiddenText(text, Number(box[1]), Number(box[3])) : ''
  // Links in a formula (\href) lead out of the deck only to the web or to mail (svg-links.ts).
  const clean = safeSvgLinks(svg).html
    .replace(/ data-(?:mml-node|c|mjx-texclass)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg aria-label="${escapeHtml(text)}" `)
    .replace(/<\/svg>$/, `${hidden}</svg>`)
  return { svg: clean, ...(error ? { error: decodeAttr(error) } : {}) }
}

/** Why a formula is past the limits (too long, nested too deep), or undefined. */
function pastLimits(source: string, limits: typeof MATH_LIMITS): string | undefined {
  if (source.length > limits.chars) return `longer than ${limits.chars} characters (${source.length})`
  let depth = 0
  let deepest = 0
  for (const ch of source) {
    if (ch === '{' || ch === '(' || ch === '[') deepest = Math.max(deepest, ++depth)
    else if (ch === '}' || ch === ')' || ch === ']') depth = Math.max(0, depth - 1)
  }
  // \sqrt, \frac… nest through their braces; \left( through its parenthesis.
  return deepest > limits.depth ? `nested more than ${limits.depth} levels deep (${deepest})` : undefined
}

/** A formula that cannot be typeset, shown as written. */
const asSource = (source: string, error: string): TypesetMath => ({ svg: `<code class="bbl-math-source">${escapeHtml(source)}</code>`, error })

/**
 * The source as transparent text over the formula's box. Its size is chosen so that
 * its natural width stays inside the box (glyphs average well under 0.62 em), and
 * textLength stretches it to the box: Chrome measures the text at its natural
 * width, so a larger text would reach over the words next to the formula.
 * Baseline at y=0 (MathJax's glyphs are flipped around it); 1000 units are 1 em.
 */
function hiddenText(text: string, x: number, width: number): string {
  const size = Math.max(1, Math.min(1000, Math.floor(width / (Math.max(text.length, 1) * 0.62))))
  return `<text x="${x}" y="0" font-size="${size}" textLength="${width}" lengthAdjust="spacingAndGlyphs" fill="transparent" stroke="none">${escapeHtml(text)}</text>`
}

const decodeAttr = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
