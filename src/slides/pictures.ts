/**
 * Pictures on slides: how photos share a slide (by aspect ratio, so each keeps
 * most of its size), the photo slide's gallery, and inline pictures pointed at
 * their copy in the deck folder or at a visible placeholder. Pure.
 */
import type { Labels } from '../notes/lang.js'
import { escapeHtml } from '../core/text.js'
import type { Figure, ImageAsset, ImageTable } from './spec.js'
import { authorSize, type Size } from './sizes.js'

/** Photo area of a photo slide, in CSS px (assets/bbl.css: .bbl-photo). */
const PHOTO_W = 1280 - 2 * 40
const PHOTO_H = 720 - 22 - 20 - 36 - 38
const PHOTO_GAP = 24

/** Width share of each picture in a row, proportional to its aspect ratio. */
function rowSizes(figures: Figure[]): number[] {
  return figures.map((f) => aspect(f.image))
}

const aspect = (img: ImageAsset): number => (img.width && img.height ? img.width / img.height : 4 / 3)

/** How large a picture shows alone on a photo slide (scale factor × height). */
function soloHeight(img: ImageAsset): number {
  const a = aspect(img)
  return Math.min(PHOTO_H, PHOTO_W / a)
}

/**
 * Consecutive photos share a slide only while each keeps at least 90% of the
 * size it would have alone: portrait phone photos pair up, landscape ones don't.
 */
export function groupPhotos<T extends { image: ImageAsset }>(figures: T[]): T[][] {
  const groups: T[][] = []
  let row: T[] = []
  const fitsRow = (candidate: T[]) => {
    const sumAspect = candidate.reduce((s, f) => s + aspect(f.image), 0)
    const h = Math.min(PHOTO_H, (PHOTO_W - PHOTO_GAP * (candidate.length - 1)) / sumAspect)
    return candidate.every((f) => h >= 0.9 * soloHeight(f.image))
  }
  for (const f of figures) {
    if (row.length > 0 && fitsRow([...row, f])) row.push(f)
    else {
      if (row.length) groups.push(row)
      row = [f]
    }
  }
  if (row.length) groups.push(row)
  return groups
}

function pictureHtml(img: ImageAsset, alt: string, L: Labels): string {
  if (img.status === 'ok' && img.output) {
    const size = img.width && img.height ? ` width="${img.width}" height="${img.height}"` : ''
    const tag = `<img src="${escapeHtml(img.output)}" alt="${escapeHtml(alt)}"${size}>`
    // The straightened slide links to the photo as taken; display:contents keeps the picture's layout.
    return img.original ? `<a class="bbl-original" href="${escapeHtml(img.original)}" style="display:contents">${tag}</a>` : tag
  }
  return placeholder(img, L)
}

/** A visible stand-in naming the picture: a block on photo slides, inline (`span`) within text. */
function placeholder(img: ImageAsset, L: Labels, tag: 'div' | 'span' = 'div'): string {
  if (img.status === 'remote') {
    return `<${tag} class="bbl-missing bbl-remote"><span>${escapeHtml(L.remoteImage)}</span><a href="${escapeHtml(img.src)}">${escapeHtml(img.src)}</a></${tag}>`
  }
  return `<${tag} class="bbl-missing" role="img" aria-label="${escapeHtml(L.missingImage)}: ${escapeHtml(img.target)}"><span>${escapeHtml(L.missingImage)}</span><strong>${escapeHtml(img.target)}</strong></${tag}>`
}

/** Point inline pictures at their copy in the deck folder, or at a placeholder. */
export function rewriteImages(html: string, images: ImageTable, L: Labels): string {
  return html.replace(/<img\b[^>]*?\bsrc="([^"]*)"[^>]*>/g, (tag, rawSrc: string) => {
    const src = rawSrc.replace(/&amp;/g, '&')
    const img = images.get(src)
    if (img?.status === 'ok' && img.output) {
      let out = tag.replace(`src="${rawSrc}"`, `src="${escapeHtml(img.output)}"`)
      const given = authorSize({ width: sizeAttr(out, 'width'), height: sizeAttr(out, 'height'), ...(img.width && img.height ? { intrinsic: { width: img.width, height: img.height } } : {}) })
      if (given) return withSize(out, given)
      // Intrinsic size up front: the slide is laid out (and measured) the same before the picture loads.
      if (img.width && img.height && !/\bheight="/.test(out)) {
        const w = Number(/\bwidth="(\d+)(?:px)?"/.exec(out)?.[1] ?? img.width)
        const h = Math.round((w * img.height) / img.width)
        out = out.replace(/^<img\b/, /\bwidth="/.test(out) ? `<img height="${h}"` : `<img width="${w}" height="${h}"`)
      }
      return out
    }
    return placeholder(img ?? { src, target: src, status: 'missing' }, L, 'span')
  })
}

/** A size attribute in px (`width="800"`), not a percentage. */
function sizeAttr(tag: string, name: 'width' | 'height'): number | undefined {
  const v = new RegExp(`\\b${name}="(\\d+(?:\\.\\d+)?)(?:px)?"`).exec(tag)?.[1]
  return v ? Number(v) : undefined
}

/** The picture at the size the author gave (./sizes.ts), whatever the theme's limits for pictures. */
function withSize(tag: string, size: Size): string {
  const style = `width: ${size.width}px; height: ${size.height}px; max-height: none`
  const bare = tag.replace(/\s(?:width|height)="[^"]*"/g, '')
  const styled = /\bstyle="/.test(bare) ? bare.replace(/\bstyle="/, `style="${style}; `) : bare.replace(/^<img\b/, `<img style="${style}"`)
  return styled.replace(/^<img\b/, `<img width="${size.width}" height="${size.height}"`)
}

/** A photo slide's content: its kicker line, the lead paragraph if any, the pictures in a row, a shared caption. */
export function photoSlideHtml(figures: Figure[], kicker: string, lead: string | undefined, L: Labels): string {
  const sizes = rowSizes(figures)
  const items = figures.map((f, i) => {
    const grow = sizes[i]!.toFixed(4)
    const media = pictureHtml(f.image, f.alt, L)
    const cap = f.caption ? `<figcaption>${f.caption}</figcaption>` : ''
    return `<figure style="flex: ${grow} 1 0">${media}${cap}</figure>`
  })
  const shared = [...new Set(figures.map((f) => f.groupCaption).filter(Boolean))]
  // The kicker is the slide's only title: a heading for screen readers and the PDF's structure, styled as a kicker.
  return `<p class="bbl-kicker" dir="auto" role="heading" aria-level="2">${kicker}</p>
${lead ? `<div class="bbl-lead">${lead}</div>` : ''}
<div class="bbl-gallery bbl-n${figures.length}">${items.join('')}</div>
${shared.map((c) => `<p class="bbl-caption">${c}</p>`).join('')}`
}
