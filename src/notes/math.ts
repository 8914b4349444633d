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
import { createRequire } from 'node:module'
import { escapeHtml } from '../core/text.js'

const require = createRequire(import.meta.url)

export type MathNotation = 'latexmath' | 'asciimath'

interface MathDocument {
  convert(source: string, options: { display: boolean }): unknown
}

interface Engine {
  adaptor: { outerHTML(node: unknown): string }
  docs: Record<MathNotation, MathDocument>
}

let engine: Engine | undefined

/** MathJax takes ~0.6 s to load: only notes that hold math pay for it. */
function mathjax(): Engine {
  if (engine) return engine
  const { mathjax } = require('mathjax-full/js/mathjax.js')
  const { TeX } = require('mathjax-full/js/input/tex.js')
  const { AsciiMath } = require('mathjax-full/js/input/asciimath.js')
  const { SVG } = require('mathjax-full/js/output/svg.js')
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js')
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js')
  const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js')
  const adaptor = liteAdaptor()
  RegisterHTMLHandler(adaptor)
  // fontCache 'none': every formula is self-contained (no ids shared between SVGs of a page).
  const doc = (input: unknown): MathDocument => mathjax.document('', { InputJax: input, OutputJax: new SVG({ fontCache: 'none' }) })
  engine = {
    adaptor,
    docs: {
      latexmath: doc(new TeX({ packages: AllPackages.filter((p: string) => p !== 'bussproofs') })),
      asciimath: doc(new AsciiMath({})),
    },
  }
  return engine
}

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
 * a few hundred characters, nested a few levels.
 */
export const MATH_LIMITS = { chars: 4000, depth: 100 }

/** Typeset one formula (its source without delimiters) into static SVG markup; one past the limits, or that MathJax fails on, is shown as its source. */
export function typeset(source: string, notation: MathNotation, display: boolean): TypesetMath {
  const over = pastLimits(source)
  if (over) return asSource(source, over)
  let html: string
  try {
    const { adaptor, docs } = mathjax()
    html = adaptor.outerHTML(docs[notation].convert(source, { display }))
  } catch (e) {
    // MathJax is the formula's parser: what it cannot take (\unicode{1114112}: "Invalid code point") is the notes'.
    return asSource(source, (e as Error).message)
  }
  const error = /data-mjx-error="([^"]*)"/.exec(html)?.[1]
  const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0] ?? ''
  const box = /viewBox="([-\d.]+) ([-\d.]+) ([\d.]+) ([\d.]+)"/.exec(svg)
  const text = source.replace(/\s+/g, ' ').trim()
  const hidden = box ? hiddenText(text, Number(box[1]), Number(box[3])) : ''
  const clean = safeLinks(svg)
    .replace(/ data-(?:mml-node|c|mjx-texclass)="[^"]*"/g, '')
    .replace(/^<svg /, `<svg aria-label="${escapeHtml(text)}" `)
    .replace(/<\/svg>$/, `${hidden}</svg>`)
  return { svg: clean, ...(error ? { error: decodeAttr(error) } : {}) }
}

/** Why a formula is past the limits (too long, nested too deep), or undefined. */
function pastLimits(source: string): string | undefined {
  if (source.length > MATH_LIMITS.chars) return `longer than ${MATH_LIMITS.chars} characters (${source.length})`
  let depth = 0
  let deepest = 0
  for (const ch of source) {
    if (ch === '{' || ch === '(' || ch === '[') deepest = Math.max(deepest, ++depth)
    else if (ch === '}' || ch === ')' || ch === ']') depth = Math.max(0, depth - 1)
  }
  // \sqrt, \frac… nest through their braces; \left( through its parenthesis.
  return deepest > MATH_LIMITS.depth ? `nested more than ${MATH_LIMITS.depth} levels deep (${deepest})` : undefined
}

/** A formula that cannot be typeset, shown as written. */
const asSource = (source: string, error: string): TypesetMath => ({ svg: `<code class="bbl-math-source">${escapeHtml(source)}</code>`, error })

/** Links in a formula (\href) that lead out of the deck only to the web or to mail: any other (javascript:, file:, data:) loses its target. */
function safeLinks(svg: string): string {
  return svg.replace(/<a\b([^>]*)>/g, (_, attrs: string) => {
    const href = /\s(?:xlink:)?href="([^"]*)"/.exec(attrs)?.[1]
    const ok = href !== undefined && /^(?:https?:|mailto:|#)/i.test(decodeAttr(href).trim())
    return `<a${ok ? attrs : attrs.replace(/\s(?:xlink:)?href="[^"]*"/g, '')}>`
  })
}

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
