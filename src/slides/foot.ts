/**
 * A slide's foot: the texts of the footnotes it shows (a flow's, src/slides/render.ts;
 * a talk's title slide's, src/slides/plan.ts). Pure string work.
 */
import type { Footnote } from '../notes/model.js'

/** Footnotes' texts as a slide's foot shows them (hidden in a skeleton until the paginator shows them). */
export function footnoteList(footnotes: Footnote[], hidden = false): string {
  const hide = hidden ? ' hidden' : ''
  const items = footnotes.map((f) => `<p class="bbl-footnote" data-footnote="${f.n}" dir="auto"${hide}><span class="bbl-fn-n">${f.n}.</span> ${f.html}</p>`)
  return `\n<div class="bbl-footnotes"${hide}>${items.join('')}</div>`
}
