/**
 * New-style slide backgrounds, as asciidoctor-reveal.js documents them: an
 * `image::photo.jpg[background, size=cover]` (or `canvas`) block anywhere in a
 * slide's section, outside its sub-sections, is the slide's background, with its
 * size, repeat, position and transition. The converter renders such a block as
 * nothing; bbl turns it into the section's `background-*` attributes, exactly as
 * if the notes had used the old style (`[background-image=photo.jpg]`).
 */
import type { AbstractBlock, Section as AdSection } from '@asciidoctor/core'

export const REMOTE = /^(?:[a-z][a-z0-9+.-]*:)?\/\//i

/** An image block whose first positional attribute is `background` or `canvas`. */
export function isBackgroundImage(b: AbstractBlock): boolean {
  if (b.getContext() !== 'image') return false
  // The first positional attribute, as written (an alt text made from a file named background.jpg is not one).
  const first = ((b.getAttributes() as Record<string, unknown>)['$positional'] as unknown[] | undefined)?.[0]
  return first === 'background' || first === 'canvas'
}

/** The first background image of a section's own blocks, as section attributes. */
export function backgroundOf(sec: AdSection): Record<string, string> {
  for (const child of sec.getBlocks()) {
    if (child.getContext() === 'section') continue
    const found = isBackgroundImage(child) ? [child] : (child.findBy({ context: 'image' }) as AbstractBlock[]).filter(isBackgroundImage)
    const img = found[0]
    if (!img) continue
    const out: Record<string, string> = { 'background-image': String(img.getAttribute('target')) }
    for (const k of ['size', 'repeat', 'position', 'transition']) {
      const v = img.getAttribute(k)
      if (typeof v === 'string' && v) out[`background-${k}`] = v
    }
    return out
  }
  return {}
}
