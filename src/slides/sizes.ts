/**
 * Sizes authors gave pictures (`image::x.png[width=800]`, `image:logo.png[height=60]`),
 * written for asciidoctor-reveal.js's 960×700 slide, on bbl's 1280×720 one: a width
 * is the same share of the slide's width (×4/3), a height the same share of its
 * height (×720/700); with both, the smaller factor for both, so that the author's
 * proportions hold. The result stays within the slide's body box, proportions
 * kept. Pure.
 */

/** asciidoctor-reveal.js's default slide (revealjs_width × revealjs_height). */
export const CONVERTER_SLIDE = { width: 960, height: 700 }
/** bbl's slide, and its body box (assets/bbl.css: padding 40/64/48, a one-line title, its rule and margin above: 530 px measured). */
export const BBL_SLIDE = { width: 1280, height: 720 }
export const BODY_BOX = { width: 1280 - 2 * 64, height: 720 - 40 - 48 - 102 }

export interface Size {
  width: number
  height: number
}

/** The size to show a picture at, or undefined when the author gave none. `intrinsic` fills the missing side. */
export function authorSize(o: { width?: number; height?: number; intrinsic?: Size }): Size | undefined {
  const fx = BBL_SLIDE.width / CONVERTER_SLIDE.width
  const fy = BBL_SLIDE.height / CONVERTER_SLIDE.height
  const ratio = o.intrinsic && o.intrinsic.width > 0 && o.intrinsic.height > 0 ? o.intrinsic.height / o.intrinsic.width : undefined
  let width: number
  let height: number
  if (o.width && o.height) {
    const f = Math.min(fx, fy)
    width = o.width * f
    height = o.height * f
  } else if (o.width) {
    if (!ratio) return undefined
    width = o.width * fx
    height = width * ratio
  } else if (o.height) {
    if (!ratio) return undefined
    height = o.height * fy
    width = height / ratio
  } else return undefined
  const fit = Math.min(1, BODY_BOX.width / width, BODY_BOX.height / height)
  return { width: Math.round(width * fit), height: Math.round(height * fit) }
}
