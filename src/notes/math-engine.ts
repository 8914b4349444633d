/**
 * MathJax itself (mathjax-full's Node API: TeX and AsciiMath in, SVG out), as the
 * math thread runs it (src/notes/math-thread.ts). Nothing here knows about limits
 * or the deck: src/notes/math.ts does.
 */
import { createRequire } from 'node:module'
import type { MathNotation } from './math-worker.js'

const require = createRequire(import.meta.url)

interface MathDocument {
  convert(source: string, options: { display: boolean }): unknown
}

interface Engine {
  adaptor: { outerHTML(node: unknown): string }
  docs: Record<MathNotation, MathDocument>
}

let engine: Engine | undefined

/** MathJax takes ~0.6 s to load: only notes that hold math pay for it. */
export function loadMathJax(): Engine {
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

/** One formula as MathJax's markup (an <mjx-container> holding the <svg>); throws what MathJax throws. */
export function renderMath(source: string, notation: MathNotation, display: boolean): string {
  const { adaptor, docs } = loadMathJax()
  return adaptor.outerHTML(docs[notation].convert(source, { display }))
}
