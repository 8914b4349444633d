/**
 * Raw HTML written in the notes (passthrough blocks) that would break the
 * deck's structure. A `<section>` inside a slide is a slide inside a slide to
 * reveal.js: the deck and the PDF then disagree on how many slides there are.
 * Such HTML is kept, but unwrapped: each top-level `<section>` becomes a block
 * of its own (a `<div>` with the same attributes), which the fitter can then
 * place like any other block. Pure string work on the author's HTML (not on
 * AsciiDoc: Asciidoctor has already parsed the notes).
 */

import { safeSvgLinks } from './svg-links.js'
import type { Warning } from '../core/warning.js'
import { AUTHOR_SCRIPT, AUTHOR_SCRIPT_RULE } from './author-scripts.js'

const SECTION_TAG = /<(\/?)section\b([^>]*)>/gi

const STYLE = /<style\b[^>]*>[\s\S]*?<\/style>/gi
/** A `<link>` (a stylesheet, a font, a preload): it would load something into every slide, from anywhere. */
const LINK = /<link\b[^>]*>/gi

export interface RawHtml {
  /** The pieces to place as blocks, in order; the input unchanged when nothing needed fixing. */
  parts: string[]
  /** Whether `<section>` tags were unwrapped. */
  unwrapped: boolean
  /** Whether `<style>` or `<link>` elements were left out. */
  styles: boolean
  /** How many link targets were taken off inline SVG (svg-links.ts). */
  links: number
  /** Whether it holds a `<script>` (see author-scripts.ts). */
  script: boolean
}

/** What a passthrough block's author is told, on its line. */
export function rawHtmlWarnings(raw: RawHtml, line: number | undefined): Warning[] {
  const at = line ? { line } : {}
  return [
    ...(raw.unwrapped ? [{ code: 'RAW_HTML' as const, message: 'raw <section> in a passthrough block would be a slide inside the slide; its content is kept, unwrapped', ...at }] : []),
    ...(raw.script ? [{ code: 'SCRIPT' as const, message: AUTHOR_SCRIPT_RULE, ...at }] : []),
    ...(raw.styles ? [{ code: 'UNSUPPORTED' as const, message: "a <style> or <link> in raw HTML is not applied: bbl's theme lays out the slides (see --theme), and a deck loads nothing from outside its folder", ...at }] : []),
    ...(raw.links ? [{ code: 'RAW_HTML' as const, message: `${raw.links} link target${raw.links === 1 ? '' : 's'} in an inline SVG removed: a deck's links lead only to http(s), mailto or the deck (#id)`, ...at }] : []),
  ]
}

/** Split raw HTML at its top-level `<section>`s, turning every section tag into a div. */
export function neutraliseRawHtml(raw: string): RawHtml {
  // A <style> would restyle every slide of the deck, written for another theme (and
  // measured or not depending on where it lands): bbl's theme lays slides out (--theme).
  const unstyled = raw.replace(STYLE, '').replace(LINK, '')
  const styles = unstyled !== raw
  // A link in an inline SVG could run a script when clicked (javascript:): only the web, mail and the deck stay.
  const { html, removed: links } = safeSvgLinks(unstyled)
  const script = AUTHOR_SCRIPT.test(html)
  if (!/<section\b/i.test(html)) return { parts: html.trim() ? [html] : [], unwrapped: false, styles, links, script }
  const parts: string[] = []
  let depth = 0
  let start = 0
  let out = ''
  let last = 0
  const push = (piece: string) => {
    if (piece.trim()) parts.push(piece.trim())
  }
  for (const m of html.matchAll(SECTION_TAG)) {
    const closing = m[1] === '/'
    out += html.slice(last, m.index)
    last = m.index! + m[0].length
    if (!closing) {
      if (depth === 0) {
        push(out.slice(start))
        start = out.length
      }
      depth++
      out += `<div class="bbl-raw-section"${m[2]}>`
    } else if (depth > 0) {
      // A stray </section> (one with no opening tag here) is dropped.
      out += '</div>'
      depth--
      if (depth === 0) {
        push(out.slice(start))
        start = out.length
      }
    }
  }
  out += html.slice(last)
  // An unclosed <section> is closed at the end of the block, as the browser would.
  out += '</div>'.repeat(depth)
  push(out.slice(start))
  return { parts, unwrapped: true, styles, links, script }
}
