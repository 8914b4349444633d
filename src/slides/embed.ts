/**
 * Remote content as a link card: what a slide shows instead of embedding a
 * player or page from the network (a hosted video, a remote video or audio
 * file; later a section's remote background-video or background-iframe, or a
 * raw iframe). Never an iframe, never a request: a deck must work offline and
 * open without reaching anyone. The card names what the link leads to, its
 * title when the author gave one, and prints the URL, so that a PDF shows it
 * (and keeps it clickable).
 */
import { escapeHtml } from '../core/text.js'

export interface LinkCard {
  url: string
  /** What the link leads to: "YouTube video", "Video online"... */
  label: string
  title?: string
  /** Size the author gave the embed (CSS px): the card keeps its width, within the slide. */
  width?: number
}

export function linkCard(card: LinkCard): string {
  const url = escapeHtml(card.url)
  const style = card.width ? ` style="width: min(${Math.round(card.width)}px, 100%)"` : ''
  return `<div class="bbl-link-card"${style}><p class="bbl-link-card-label">${escapeHtml(card.label)}</p>${
    card.title ? `<p class="bbl-link-card-title" dir="auto">${escapeHtml(card.title)}</p>` : ''
  }<p class="bbl-link-card-url"><a href="${url}" target="_blank" rel="noopener">${url}</a></p></div>`
}
