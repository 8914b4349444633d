/**
 * Scripts the notes pass through (`++++ <script>…</script> ++++`). They run when
 * the deck opens, as with asciidoctor-reveal.js: they may change what a slide
 * shows. bbl fits, prints and exports the slides the notes hold, so a script that
 * adds or removes slides when the page loads leaves the deck and the PDFs (or the
 * PowerPoint file) disagreeing: that export stops for those notes with exit 3
 * (bad input, naming the script's line), and the other notes files of the run go on.
 */
import { BblError, ExitCode } from '../core/error.js'

/** A `<script>` element in raw HTML (the author's HTML, already converted by Asciidoctor). */
export const AUTHOR_SCRIPT = /<script\b/i

/** The warning each passthrough script gets: what it may do. */
export const AUTHOR_SCRIPT_RULE =
  'a <script> in a passthrough block runs when the deck opens; it may change what a slide shows, but a script that adds or removes slides stops bbl pdf and bbl pptx for these notes (exit 3)'

export interface SlideCount {
  /** The notes file. */
  file: string
  /** The line of its first passthrough script, if any. */
  scriptLine: number | undefined
  /** What was exported: `out/talk/index.html`. */
  what: string
  /** What the page holds once loaded (PDF pages, laid-out slides), and what the build wrote. */
  found: number
  planned: number
}

/**
 * The error for a deck whose slides, once loaded, are not those bbl wrote: the
 * notes' script (exit 3, with its line) when they have one; otherwise a bug in bbl.
 */
export function slidesChanged(c: SlideCount): Error {
  if (c.scriptLine === undefined) return new Error(`${c.what}: reveal.js laid out ${c.found} slides, the build counted ${c.planned}`)
  return new BblError(
    `a script in the notes changed the number of slides of ${c.what} when it loaded (${c.found} instead of ${c.planned}); bbl exports the slides the notes hold: remove the script, or make it leave the slides in place`,
    ExitCode.INPUT,
    { file: c.file, line: c.scriptLine },
  )
}
