/**
 * A generated, deterministic set of photo-like pictures for the screen detector:
 * slides projected in a room with known corners (perspective from the left, the
 * right and below; 4:3 and 16:9; bright and dim rooms; heads in front of the
 * lower edge; sensor noise; portrait shots stored sideways with an EXIF
 * orientation), and pictures with no screen (people, a venue, a whiteboard at a
 * slant, dark photos, clean screenshots, outdoors).
 *
 * Made in memory at test time; to look at them:
 *   node --import tsx test/assets/photos/testset.ts OUT-DIR
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { homography, type Point, type Quad } from '../../../src/assets/photos/geometry.js'

export interface Case {
  name: string
  /** The picture as a phone (JPEG) or a screenshot tool (PNG) would store it. */
  data: Buffer
  /** The projected slide's corners in the upright picture (TL, TR, BR, BL); none for no-screen pictures. */
  corners?: Quad
  width: number
  height: number
}

import { darkSvg, hsl, outdoorSvg, peopleSvg, type Rnd, svg, venueSvg, whiteboardSvg } from './scenes.js'

function prng(seed: number): Rnd {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FONT = "'DejaVu Sans', sans-serif"

/** A slide: light or dark theme, a title band or stripe, bullets or a chart or a picture block. */
export function slideSvg(rnd: Rnd, W: number, H: number, dark = false): string {
  const hue = rnd() * 360
  const paper = dark ? hsl(hue, 20, 12) : hsl(hue, 15, 94 + rnd() * 5)
  const ink = dark ? '#eee' : hsl(hue, 30, 18)
  const accent = hsl(hue, 60, 30 + rnd() * 25)
  const p: string[] = [`<rect width="${W}" height="${H}" fill="${paper}"/>`]
  const band = rnd()
  if (band < 0.45) p.push(`<rect width="${W}" height="${H * 0.16}" fill="${accent}"/>`)
  else if (band < 0.7) p.push(`<rect width="${W * 0.03}" height="${H}" fill="${accent}"/>`)
  p.push(`<text x="${W * 0.07}" y="${H * 0.11}" font-family="${FONT}" font-size="${H * 0.07}" font-weight="bold" fill="${band < 0.45 ? '#fff' : accent}">Slide ${Math.floor(rnd() * 90 + 10)}: a title</text>`)
  const kind = rnd()
  if (kind < 0.4) {
    for (let i = 0; i < 5; i++) p.push(`<rect x="${W * 0.1}" y="${H * (0.28 + i * 0.12)}" width="${W * (0.4 + rnd() * 0.45)}" height="${H * 0.035}" rx="4" fill="${ink}" opacity="0.6"/>`)
  } else if (kind < 0.75) {
    for (let i = 0; i < 7; i++) {
      const h = H * (0.1 + rnd() * 0.45)
      p.push(`<rect x="${W * (0.12 + i * 0.11)}" y="${H * 0.85 - h}" width="${W * 0.07}" height="${h}" fill="${i % 2 ? accent : ink}"/>`)
    }
  } else {
    p.push(`<rect x="${W * 0.15}" y="${H * 0.25}" width="${W * 0.7}" height="${H * 0.6}" fill="${hsl(hue + 90, 40, 25)}"/>`)
    p.push(`<circle cx="${W * 0.5}" cy="${H * 0.55}" r="${H * 0.18}" fill="${hsl(hue + 180, 50, 55)}"/>`)
  }
  if (rnd() < 0.4) p.push(`<rect y="${H * 0.93}" width="${W}" height="${H * 0.07}" fill="${accent}" opacity="0.7"/>`)
  return svg(W, H, p.join(''))
}

/** The slide's corners: a keystoned, slightly turned quadrilateral as seen from `view`. */
function pose(rnd: Rnd, W: number, H: number, aspect: number, view: 'left' | 'right' | 'below'): Quad {
  const width = Math.min(W * (0.5 + rnd() * 0.3), H * 0.62 * aspect)
  const height = width / aspect
  const cx = W / 2 + (rnd() - 0.5) * W * 0.12
  const cy = H * (0.4 + rnd() * 0.08)
  const angle = ((rnd() - 0.5) * 6 * Math.PI) / 180
  const k = 0.05 + rnd() * 0.09
  const side = view === 'left' ? -k : view === 'right' ? k : (rnd() - 0.5) * 0.04
  const top = view === 'below' ? -(0.03 + rnd() * 0.06) : (rnd() - 0.5) * 0.03
  const hw = width / 2
  const hh = height / 2
  const local: Point[] = [
    [-hw * (1 + top), -hh * (1 - side)],
    [hw * (1 + top), -hh * (1 + side)],
    [hw * (1 - top), hh * (1 + side)],
    [-hw * (1 - top), hh * (1 - side)],
  ]
  const c = Math.cos(angle)
  const s = Math.sin(angle)
  return local.map(([x, y]) => [cx + x * c - y * s, cy + x * s + y * c]) as Quad
}

/** Draws `slide` (raw RGB) into `img` through `quad`, as a projector would: grey blacks, a gain, a tint. 2×2 samples a pixel. */
function project(img: Uint8Array, W: number, H: number, slide: Uint8Array, sw: number, sh: number, quad: Quad, look: { black: number; gain: number; tint: number[] }) {
  const inv = homography(quad, [
    [0, 0],
    [sw, 0],
    [sw, sh],
    [0, sh],
  ])
  const xs = quad.map((q) => q[0])
  const ys = quad.map((q) => q[1])
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y <= Math.min(H - 1, Math.ceil(Math.max(...ys))); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x <= Math.min(W - 1, Math.ceil(Math.max(...xs))); x++) {
      const acc = [0, 0, 0]
      let cover = 0
      for (const oy of [0.25, 0.75]) {
        for (const ox of [0.25, 0.75]) {
          const px = x + ox
          const py = y + oy
          const w = inv[6]! * px + inv[7]! * py + inv[8]!
          const u = (inv[0]! * px + inv[1]! * py + inv[2]!) / w
          const v = (inv[3]! * px + inv[4]! * py + inv[5]!) / w
          if (u < 0 || v < 0 || u >= sw || v >= sh) continue
          const o = (Math.floor(v) * sw + Math.floor(u)) * 3
          for (let k = 0; k < 3; k++) acc[k]! += (look.black + slide[o + k]! * (1 - look.black / 255)) * look.gain * look.tint[k]!
          cover++
        }
      }
      if (!cover) continue
      const o = (y * W + x) * 3
      for (let k = 0; k < 3; k++) img[o + k] = Math.min(255, Math.round(img[o + k]! * (1 - cover / 4) + acc[k]! / 4))
    }
  }
}

function noise(img: Uint8Array, rnd: Rnd, amount: number) {
  for (let i = 0; i < img.length; i++) {
    const v = img[i]! + (rnd() + rnd() + rnd() - 1.5) * amount
    img[i] = Math.min(255, Math.max(0, v))
  }
}

const raw = async (s: string, W: number, H: number) => new Uint8Array(await sharp(Buffer.from(s)).resize(W, H, { fit: 'fill' }).removeAlpha().raw().toBuffer())

async function encode(img: Uint8Array, W: number, H: number, rnd: Rnd, portraitSideways = false): Promise<Buffer> {
  const s = sharp(Buffer.from(img), { raw: { width: W, height: H, channels: 3 } }).blur(0.5 + rnd() * 0.6)
  if (portraitSideways) {
    // Stored as the phone's sensor saw it; the EXIF orientation (6: turn 90° clockwise) makes it upright.
    const sideways = await s.rotate(270).raw().toBuffer()
    return sharp(sideways, { raw: { width: H, height: W, channels: 3 } }).jpeg({ quality: 85 }).withMetadata({ orientation: 6 }).toBuffer()
  }
  return s.jpeg({ quality: 70 + Math.floor(rnd() * 20) }).toBuffer()
}

function room(W: number, H: number, rnd: Rnd, bright: boolean): string {
  const wall = bright ? 105 + rnd() * 45 : 14 + rnd() * 30
  const c = (v: number) => `rgb(${v.toFixed(0)},${(v * 0.97).toFixed(0)},${(v * 1.04).toFixed(0)})`
  const parts = [
    `<defs><radialGradient id="g" cx="0.5" cy="0.4" r="0.8"><stop offset="0" stop-color="${c(wall)}"/><stop offset="1" stop-color="${c(wall * 0.45)}"/></radialGradient></defs>`,
    `<rect width="${W}" height="${H}" fill="url(#g)"/>`,
    `<rect y="${H * 0.82}" width="${W}" height="${H * 0.18}" fill="${c(wall * 0.5)}"/>`,
  ]
  if (bright) parts.push(`<rect x="${W * 0.02}" y="${H * 0.05}" width="${W * 0.08}" height="${H * 0.5}" fill="${c(wall * 0.7)}"/>`)
  return svg(W, H, parts.join(''))
}

/** Heads and shoulders along the bottom; with `cover`, some reach over the slide's lower edge. */
function heads(W: number, H: number, rnd: Rnd, quad: Quad | undefined, cover: boolean): string {
  const parts: string[] = []
  const bottom = quad ? Math.max(quad[2][1], quad[3][1]) : H * 0.8
  const n = 2 + Math.floor(rnd() * 3)
  for (let i = 0; i < n; i++) {
    const r = Math.min(W, H) * (0.06 + rnd() * 0.03)
    const x = quad && cover && i < 2 ? quad[3][0] + (quad[2][0] - quad[3][0]) * (0.15 + 0.6 * rnd()) : W * rnd()
    const y = cover && i < 2 ? bottom - r * (0.3 + rnd() * 0.5) : H - r * (0.4 + rnd() * 0.6)
    const shade = Math.floor(4 + rnd() * 12)
    parts.push(`<ellipse cx="${x}" cy="${y + 2.2 * r}" rx="${2.4 * r}" ry="${1.4 * r}" fill="rgb(${shade},${shade},${shade})"/>`)
    parts.push(`<ellipse cx="${x}" cy="${y}" rx="${0.85 * r}" ry="${r}" fill="rgb(${shade},${shade},${shade})"/>`)
  }
  return svg(W, H, parts.join(''))
}

const VIEWS = ['left', 'right', 'below'] as const

/** 48 photos of a projected slide; case i varies aspect, view, room, heads, noise; the last 4 are portrait, EXIF-rotated. */
export async function screenPhotos(): Promise<Case[]> {
  const out: Case[] = []
  for (let i = 0; i < 48; i++) out.push(await screenPhoto(i))
  return out
}

export async function screenPhoto(i: number): Promise<Case> {
  {
    const rnd = prng(1000 + i)
    const portrait = i >= 44
    const [W, H] = portrait ? [600, 800] : [800, 600]
    const aspect = i % 2 ? 16 / 9 : 4 / 3
    const view = VIEWS[Math.floor(i / 2) % 3]!
    const bright = Math.floor(i / 6) % 2 === 1
    const cover = Math.floor(i / 12) % 2 === 1
    const darkSlide = i === 20 || i === 41
    const quad = pose(rnd, W, H, aspect, view)
    const [sw, sh] = aspect > 1.5 ? [800, 450] : [800, 600]
    const img = await raw(room(W, H, rnd, bright) , W, H)
    const cx = quad.reduce((s, q) => s + q[0], 0) / 4
    const cy = quad.reduce((s, q) => s + q[1], 0) / 4
    const frame = quad.map(([x, y]) => [cx + (x - cx) * 1.05, cy + (y - cy) * 1.05])
    const surface = bright ? 150 + rnd() * 30 : 30 + rnd() * 30
    const withFrame = rnd() < 0.6 ? await raw(svg(W, H, `<polygon points="${frame.map((p) => p.join(',')).join(' ')}" fill="rgb(${surface},${surface},${surface})"/>`), W, H) : undefined
    if (withFrame) for (let k = 0; k < img.length; k++) if (withFrame[k]! > 0) img[k] = withFrame[k]!
    const slide = await raw(slideSvg(rnd, sw, sh, darkSlide), sw, sh)
    const warm = rnd()
    const look = bright
      ? { black: 90 + rnd() * 40, gain: 0.95 + rnd() * 0.05, tint: [1, 1, 1 - warm * 0.05] }
      : { black: 20 + rnd() * 20, gain: 0.8 + rnd() * 0.15, tint: [1 + warm * 0.04, 1, 1 - warm * 0.08] }
    project(img, W, H, slide, sw, sh, quad, look)
    const people = new Uint8Array(await sharp(Buffer.from(img), { raw: { width: W, height: H, channels: 3 } }).composite([{ input: Buffer.from(heads(W, H, rnd, quad, cover)) }]).removeAlpha().raw().toBuffer())
    noise(people, rnd, 3 + (i % 5) * 2.5)
    const name = `screen-${String(i).padStart(2, '0')}-${aspect > 1.5 ? '16x9' : '4x3'}-${view}-${bright ? 'bright' : 'dim'}${cover ? '-heads' : ''}${darkSlide ? '-darkslide' : ''}${portrait ? '-portrait-exif' : ''}`
    return { name, data: await encode(people, W, H, rnd, portrait), corners: quad, width: W, height: H }
  }
}

/** 24 pictures with no projected slide in them. */
export async function noScreenPhotos(): Promise<Case[]> {
  const out: Case[] = []
  const makers: Array<[string, number, (rnd: Rnd, W: number, H: number) => string]> = [
    ['people', 5, peopleSvg],
    ['venue', 5, venueSvg],
    ['whiteboard', 4, whiteboardSvg],
    ['dark', 3, darkSvg],
    ['outdoors', 2, outdoorSvg],
  ]
  for (const [kind, n, make] of makers) {
    for (let i = 0; i < n; i++) {
      const rnd = prng(5000 + out.length)
      const [W, H] = [800, 600]
      const img = await raw(make(rnd, W, H), W, H)
      noise(img, rnd, 4 + rnd() * 6)
      out.push({ name: `none-${kind}-${i}`, data: await encode(img, W, H, rnd), width: W, height: H })
    }
  }
  for (const [i, [W, H, dark]] of ([[1280, 720, false], [1024, 768, false], [1920, 1080, false], [1280, 720, true], [1600, 1200, false]] as const).entries()) {
    const rnd = prng(7000 + i)
    const png = await sharp(Buffer.from(slideSvg(rnd, W, H, dark))).png().toBuffer()
    out.push({ name: `none-screenshot-${i}${dark ? '-dark' : ''}`, data: png, width: W, height: H })
  }
  return out
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2]) {
  const dir = process.argv[2]
  mkdirSync(dir, { recursive: true })
  for (const c of [...(await screenPhotos()), ...(await noScreenPhotos())]) {
    writeFileSync(path.join(dir, `${c.name}.${c.data[0] === 0x89 ? 'png' : 'jpg'}`), c.data)
  }
  console.log(`written to ${dir}`)
}
