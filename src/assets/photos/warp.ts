/**
 * Straightening a detected slide: a perspective warp of the quadrilateral to a
 * rectangle, with a gentle, bounded white balance and contrast stretch
 * (projected slides come out dim, grey-black and tinted). The stretch is worked
 * out on a small warp of the slide and applied as the full-size warp writes
 * each pixel, so the full-size picture is made in one pass. Pure: raw RGB in, raw RGB out.
 */
import { distance, homography, type Quad } from './geometry.js'

export interface Rgb {
  width: number
  height: number
  /** 3 bytes per pixel, row by row. */
  data: Uint8Array
}

/** Bounds of the tone correction: it may brighten and neutralise, never repaint. */
export const TONE = { maxGain: 1.6, maxBlack: 40, white: 248, minChannel: 0.85, maxChannel: 1.2 } as const

/** The straightened slide's size: as many pixels as the photo had across it, at most `maxSide`. */
export function outputSize(q: Quad, aspect: number, maxSide: number): { width: number; height: number } {
  const across = Math.max(distance(q[0], q[1]), distance(q[3], q[2]))
  const down = Math.max(distance(q[0], q[3]), distance(q[1], q[2]))
  let width = Math.max(across, down * aspect)
  if (width > maxSide) width = maxSide
  if (width / aspect > maxSide) width = maxSide * aspect
  return { width: Math.round(width), height: Math.round(width / aspect) }
}

/** One lookup table per channel (R, G, B), applied to each output value. */
export type Luts = readonly [Uint8Array, Uint8Array, Uint8Array]

const IDENTITY = Uint8Array.from({ length: 256 }, (_, v) => v)

/** Pixels of the small warp the tone correction is worked out on (the full-size one sampled as many). */
export const TONE_SAMPLE = 60000

/** The slide straightened to `width`×`height` with its tone corrected: stats from a small warp, applied in the full one. */
export function straightenRgb(src: Rgb, q: Quad, width: number, height: number): Rgb {
  const k = Math.min(1, Math.sqrt(TONE_SAMPLE / (width * height)))
  const small = warp(src, q, Math.max(1, Math.round(width * k)), Math.max(1, Math.round(height * k)))
  return warp(src, q, width, height, toneLuts(small))
}

/** Maps the output rectangle onto `q` in `src`, samples bilinearly and looks each value up in `luts`. */
export function warp(src: Rgb, q: Quad, width: number, height: number, luts: Luts = [IDENTITY, IDENTITY, IDENTITY]): Rgb {
  const h = homography(
    [
      [0, 0],
      [width, 0],
      [width, height],
      [0, height],
    ],
    q,
  )
  const [h0, h1, h2, h3, h4, h5, h6, h7, h8] = h as [number, number, number, number, number, number, number, number, number]
  const [l0, l1, l2] = luts
  const out = new Uint8Array(width * height * 3)
  const { width: SW, height: SH, data } = src
  const row = SW * 3
  const maxU = SW - 1.001
  const maxV = SH - 1.001
  let o = 0
  for (let y = 0; y < height; y++) {
    const py = y + 0.5
    // Numerators and denominator are linear in x: step them along the row.
    let nu = h0 * 0.5 + h1 * py + h2
    let nv = h3 * 0.5 + h4 * py + h5
    let w = h6 * 0.5 + h7 * py + h8
    for (let x = 0; x < width; x++, nu += h0, nv += h3, w += h6) {
      let u = nu / w - 0.5
      let v = nv / w - 0.5
      u = Math.min(maxU, Math.max(0, u))
      v = Math.min(maxV, Math.max(0, v))
      const u0 = u | 0
      const v0 = v | 0
      const fu = u - u0
      const fv = v - v0
      const p = v0 * row + u0 * 3
      const q = p + row
      const w00 = (1 - fu) * (1 - fv)
      const w10 = fu * (1 - fv)
      const w01 = (1 - fu) * fv
      const w11 = fu * fv
      out[o++] = l0[(data[p]! * w00 + data[p + 3]! * w10 + data[q]! * w01 + data[q + 3]! * w11 + 0.5) | 0]!
      out[o++] = l1[(data[p + 1]! * w00 + data[p + 4]! * w10 + data[q + 1]! * w01 + data[q + 4]! * w11 + 0.5) | 0]!
      out[o++] = l2[(data[p + 2]! * w00 + data[p + 5]! * w10 + data[q + 2]! * w01 + data[q + 5]! * w11 + 0.5) | 0]!
    }
  }
  return { width, height, data: out }
}

/**
 * White balance on the slide's lightest tenth (its background, usually white),
 * then a stretch of the black point and white point; every factor is bounded by
 * TONE. Worked out on at most ~TONE_SAMPLE pixels of `img`.
 */
export function toneLuts(img: Rgb): Luts {
  const { data } = img
  const n = data.length / 3
  const step = Math.max(1, Math.floor(n / TONE_SAMPLE))
  const lum = new Uint32Array(256)
  for (let i = 0; i < n; i += step) lum[luma(data, i * 3)]!++
  const total = Math.ceil(n / step)
  const pct = (p: number) => {
    let acc = 0
    for (let v = 0; v < 256; v++) {
      acc += lum[v]!
      if (acc >= p * total) return v
    }
    return 255
  }
  const lo = pct(0.01)
  const p90 = pct(0.9)
  const hi = pct(0.99)
  const sum = [0, 0, 0]
  let count = 0
  for (let i = 0; i < n; i += step) {
    if (luma(data, i * 3) < p90) continue
    for (let k = 0; k < 3; k++) sum[k]! += data[i * 3 + k]!
    count++
  }
  const mean = sum.map((s) => s / Math.max(1, count))
  const grey = (mean[0]! + mean[1]! + mean[2]!) / 3
  const clamp = (v: number, a: number, b: number) => Math.max(a, Math.min(b, v))
  const channel = mean.map((m) => clamp(grey / Math.max(1, m), TONE.minChannel, TONE.maxChannel))
  const black = Math.min(lo, TONE.maxBlack)
  const gain = clamp((TONE.white - black) / Math.max(1, hi - black), 1, TONE.maxGain)
  const lut = (c: number) => Uint8Array.from({ length: 256 }, (_, v) => clamp(Math.round((v * c - black) * gain), 0, 255))
  return [lut(channel[0]!), lut(channel[1]!), lut(channel[2]!)]
}

/** `img` with its tone corrected (toneLuts applied to every pixel). */
export function normalise(img: Rgb): Rgb {
  const [l0, l1, l2] = toneLuts(img)
  const { data } = img
  const out = new Uint8Array(data.length)
  for (let i = 0; i < data.length; i += 3) {
    out[i] = l0[data[i]!]!
    out[i + 1] = l1[data[i + 1]!]!
    out[i + 2] = l2[data[i + 2]!]!
  }
  return { width: img.width, height: img.height, data: out }
}

const luma = (d: Uint8Array, o: number) => (d[o]! * 77 + d[o + 1]! * 150 + d[o + 2]! * 29) >> 8
