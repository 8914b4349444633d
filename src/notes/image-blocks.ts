/**
 * Image blocks in the notes: which are photos (shown large, on slides of their
 * own) and which the author placed or sized (kept with the text, at that size).
 */
import type { AbstractBlock, List } from '@asciidoctor/core'
import { escapeHtml } from '../core/text.js'

/** A photo's `.Title`, else the alt text its author wrote (not the one made from the file name). */
export function captionOf(b: AbstractBlock): string | undefined {
  const title = b.getCaptionedTitle()
  if (title) return title
  const alt = b.getAttribute('alt')
  return typeof alt === 'string' && alt && !b.hasAttribute('default-alt') ? escapeHtml(alt) : undefined
}

/** Roles that say how bbl treats a photo, not where the author placed it: `raw` keeps it as taken (not straightened). */
const PHOTO_ROLES = new Set(['raw'])

/**
 * An image its author sized (width, height), floated or aligned, stepped (`step=`),
 * or gave a role (`.stretch`, `.right`...): not a photo to show large on a slide of its own.
 */
export function isPlaced(b: AbstractBlock): boolean {
  return ['width', 'height', 'scaledwidth', 'float', 'align', 'step'].some((k) => b.hasAttribute(k)) || b.getRoles().some((r) => !PHOTO_ROLES.has(r))
}

/** A list whose items hold image blocks (each becomes a photo slide after its item). */
export function listHasPhotos(list: List): boolean {
  return (list.getItems() as unknown as AbstractBlock[]).some((item) =>
    item.getBlocks().some((c: AbstractBlock) => c.getContext() === 'image'),
  )
}
