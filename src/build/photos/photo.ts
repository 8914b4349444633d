/**
 * One slide photo, from file to straightened picture: sharp decodes (upright,
 * by EXIF orientation) and encodes; detect.ts and warp.ts do the pixel work.
 * Decoding is done twice only for photos that are corrected: a small greyscale
 * copy to look for the screen (JPEG shrink-on-load makes it cheap), then the
 * picture at output size for the warp.
 */
import sharp from 'sharp'
import { detectScreen, type Detection } from './detect.js'
import type { Point, Quad } from './geometry.js'
import { normalise, outputSize, warp } from './warp.js'

/** Long side of the greyscale copy the screen is looked for in. */
export const DETECT_SIDE = 400
/** Longest side of a straightened slide (the slide box is 1280 px wide; 2× for sharp screens). */
const WARP_SIDE = 2560

export interface Analysis {
  detection: Detection
  /** Corners in the upright photo's pixels (TL, TR, BR, BL), when a screen was found. */
  quad?: Quad
  width: number
  height: number
}

/** Looks for the screen in a photo (file path or bytes). */
export async function analysePhoto(input: string | Buffer): Promise<Analysis> {
  const { data, info } = await sharp(input)
    .rotate()
    .resize({ width: DETECT_SIDE, height: DETECT_SIDE, fit: 'inside', withoutEnlargement: true })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  const meta = await sharp(input).metadata()
  const turned = (meta.orientation ?? 1) >= 5
  const width = (turned ? meta.height : meta.width) ?? info.width
  const height = (turned ? meta.width : meta.height) ?? info.height
  const detection = detectScreen({ width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, info.width * info.height) })
  const sx = width / info.width
  const sy = height / info.height
  const quad = detection.quad?.map(([x, y]) => [x * sx, y * sy] as Point) as Quad | undefined
  return { detection, ...(quad ? { quad } : {}), width, height }
}

export interface Straightened {
  data: Buffer
  width: number
  height: number
}

/** The slide cut out of the photo and straightened, encoded as `format`. */
export async function straighten(input: string | Buffer, a: Analysis, format: 'jpeg' | 'png' | 'webp'): Promise<Straightened> {
  if (!a.quad || !a.detection.aspect) throw new Error('straighten: no screen was detected')
  // Halved until at most 3200 px: JPEG decoding then shrinks on load (a 12-megapixel photo decodes at 2000 px).
  const scale = 1 / 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(a.width, a.height) / 3200)))
  const { data, info } = await sharp(input)
    .rotate()
    .resize({ width: Math.round(a.width * scale), height: Math.round(a.height * scale), fit: 'fill' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true })
  const sx = info.width / a.width
  const sy = info.height / a.height
  const q = a.quad.map(([x, y]) => [x * sx, y * sy]) as Quad
  const size = outputSize(q, a.detection.aspect, WARP_SIDE)
  const src = { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }
  const out = normalise(warp(src, q, size.width, size.height))
  const img = sharp(Buffer.from(out.data.buffer, out.data.byteOffset, out.data.length), { raw: { width: out.width, height: out.height, channels: 3 } })
  const encoded = format === 'png' ? img.png() : format === 'webp' ? img.webp({ quality: 85 }) : img.jpeg({ quality: 88 })
  return { data: await encoded.toBuffer(), width: out.width, height: out.height }
}
