/**
 * One slide photo, from file to straightened picture: sharp decodes (upright,
 * by EXIF orientation) and encodes; detect.ts and warp.ts do the pixel work.
 * The photo is decoded once, halved until at most 3200 px (a 12-megapixel
 * photo decodes at 2000×1500); the screen is looked for in a ~400 px greyscale
 * copy averaged from it, and the warp samples it.
 */
import sharp from 'sharp'
import { detectScreen, type Detection } from './detect.js'
import type { Point, Quad } from './geometry.js'
import type { Grey } from './region.js'
import { outputSize, type Rgb, straightenRgb } from './warp.js'

/** Long side of the greyscale copy the screen is looked for in (at most). */
export const DETECT_SIDE = 400
/** Longest side of a straightened slide (the slide box is 1280 px wide; 2× for sharp screens). */
const WARP_SIDE = 2560
/** Photos are decoded halved until their long side is at most this. */
const DECODE_SIDE = 3200

export interface Decoded {
  /** The upright photo, possibly halved on load. */
  rgb: Rgb
  /** The upright photo's own size. */
  width: number
  height: number
}

export interface Analysis {
  detection: Detection
  /** Corners in the upright photo's pixels (TL, TR, BR, BL), when a screen was found. */
  quad?: Quad
  width: number
  height: number
}

export async function decodePhoto(input: string | Buffer): Promise<Decoded> {
  const meta = await sharp(input).metadata()
  const turned = (meta.orientation ?? 1) >= 5
  const width = (turned ? meta.height : meta.width) ?? 0
  const height = (turned ? meta.width : meta.height) ?? 0
  const halve = 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(width, height) / DECODE_SIDE)))
  const img = halve > 1 ? halved(input, meta.format, halve, width, height) : sharp(input).rotate()
  const { data, info } = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true })
  return { rgb: { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) }, width, height }
}

/**
 * The photo decoded at 1/`halve` of its size. A JPEG file is asked for it from
 * libjpeg (`x.jpg[shrink=2]`, libvips's load option), which decodes at that
 * scale: twice as fast as a full decode. sharp's own resize never does for an
 * exact halving (it lowers shrink-on-load when the factor is a whole number,
 * for libjpeg's rounding), so bytes and other formats are decoded whole and
 * scaled down. Callers use the decoded size, whichever way it was made.
 */
function halved(input: string | Buffer, format: string | undefined, halve: number, width: number, height: number): sharp.Sharp {
  if (typeof input === 'string' && format === 'jpeg' && halve <= 8 && !/[[\]]/.test(input)) return sharp(`${input}[shrink=${halve}]`).rotate()
  return sharp(input)
    .rotate()
    .resize({ width: Math.round(width / halve), height: Math.round(height / halve), fit: 'fill' })
}

/** Looks for the screen in a decoded photo. */
export function analyse(d: Decoded): Analysis {
  const f = Math.max(1, Math.ceil(Math.max(d.rgb.width, d.rgb.height) / DETECT_SIDE))
  const detection = detectScreen(greyShrunk(d.rgb, f))
  const sx = (f * d.width) / d.rgb.width
  const sy = (f * d.height) / d.rgb.height
  const quad = detection.quad?.map(([x, y]) => [x * sx, y * sy] as Point) as Quad | undefined
  return { detection, ...(quad ? { quad } : {}), width: d.width, height: d.height }
}

/** Looks for the screen in a photo (file path or bytes). */
export async function analysePhoto(input: string | Buffer): Promise<Analysis> {
  return analyse(await decodePhoto(input))
}

/** Luma, averaged over f×f blocks (pixels past the last whole block are dropped). */
export function greyShrunk(src: Rgb, f: number): Grey {
  const W = Math.floor(src.width / f)
  const H = Math.floor(src.height / f)
  const sums = new Uint32Array(W)
  const data = new Uint8Array(W * H)
  const row = src.width * 3
  const d = src.data
  const n = f * f * 256
  for (let y = 0; y < H; y++) {
    sums.fill(0)
    for (let yy = y * f; yy < y * f + f; yy++) {
      let o = yy * row
      for (let x = 0; x < W; x++) {
        let s = 0
        for (let k = 0; k < f; k++, o += 3) s += d[o]! * 77 + d[o + 1]! * 150 + d[o + 2]! * 29
        sums[x]! += s
      }
    }
    for (let x = 0; x < W; x++) data[y * W + x] = Math.round(sums[x]! / n)
  }
  return { width: W, height: H, data }
}

export interface Straightened {
  data: Buffer
  width: number
  height: number
}

/** The slide cut out of the photo and straightened, encoded as `format`. */
export async function straighten(d: Decoded, a: Analysis, format: 'jpeg' | 'png' | 'webp'): Promise<Straightened> {
  if (!a.quad || !a.detection.aspect) throw new Error('straighten: no screen was detected')
  const sx = d.rgb.width / a.width
  const sy = d.rgb.height / a.height
  const q = a.quad.map(([x, y]) => [x * sx, y * sy]) as Quad
  const size = outputSize(q, a.detection.aspect, WARP_SIDE)
  const out = straightenRgb(d.rgb, q, size.width, size.height)
  const img = sharp(Buffer.from(out.data.buffer, out.data.byteOffset, out.data.length), { raw: { width: out.width, height: out.height, channels: 3 } })
  const encoded = format === 'png' ? img.png() : format === 'webp' ? img.webp({ quality: 85 }) : img.jpeg({ quality: 88 })
  return { data: await encoded.toBuffer(), width: out.width, height: out.height }
}
