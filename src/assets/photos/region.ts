/** The bright region of a greyscale image and its outline. Pure. */
import type { Point } from './geometry.js'

export interface Grey {
  width: number
  height: number
  /** One byte per pixel, row by row. */
  data: Uint8Array
}

/** Otsu's threshold: the grey level that best separates the histogram in two classes. */
export function otsu(data: Uint8Array): number {
  const hist = new Float64Array(256)
  for (let i = 0; i < data.length; i++) hist[data[i]!]!++
  const total = data.length
  let sum = 0
  for (let i = 0; i < 256; i++) sum += i * hist[i]!
  let wB = 0
  let sumB = 0
  let best = 0
  let t = 128
  for (let i = 0; i < 256; i++) {
    wB += hist[i]!
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += i * hist[i]!
    const mB = sumB / wB
    const mF = (sum - sumB) / wF
    const between = wB * wF * (mB - mF) ** 2
    if (between > best) {
      best = between
      t = i
    }
  }
  return t + 0.5
}

/**
 * The largest 4-connected region brighter than `t`, with its holes filled
 * (dark text and pictures inside a slide belong to the slide).
 */
export function brightRegion(img: Grey, t: number): { mask: Uint8Array; filled: number } | undefined {
  const { width: W, height: H, data } = img
  const N = W * H
  // 0: not bright; 1: bright, unvisited; then component ids from 2.
  const label = new Int32Array(N)
  for (let i = 0; i < N; i++) if (data[i]! > t) label[i] = 1
  const stack = new Int32Array(N)
  let bestLabel = 0
  let bestSize = 0
  let next = 1
  for (let start = 0; start < N; start++) {
    if (label[start] !== 1) continue
    const size = flood(label, stack, start, 1, ++next, W, H)
    if (size > bestSize) {
      bestSize = size
      bestLabel = next
    }
  }
  if (!bestLabel) return undefined
  // Everything the frame's edge cannot reach without crossing the region is part of it.
  const gap = new Int32Array(N)
  for (let i = 0; i < N; i++) gap[i] = label[i] === bestLabel ? 0 : 1
  const edge = (i: number) => {
    if (gap[i] === 1) flood(gap, stack, i, 1, 2, W, H)
  }
  for (let x = 0; x < W; x++) {
    edge(x)
    edge((H - 1) * W + x)
  }
  for (let y = 0; y < H; y++) {
    edge(y * W)
    edge(y * W + W - 1)
  }
  const mask = new Uint8Array(N)
  let filled = 0
  for (let i = 0; i < N; i++) {
    if (gap[i] !== 2) {
      mask[i] = 1
      filled++
    }
  }
  return { mask, filled }
}

/** Stack flood fill over pixels labelled `from`, relabelling them `to`; returns how many. */
function flood(label: Int32Array, stack: Int32Array, start: number, from: number, to: number, W: number, H: number): number {
  let sp = 0
  stack[sp++] = start
  label[start] = to
  let size = 0
  const last = W * (H - 1)
  while (sp > 0) {
    const i = stack[--sp]!
    size++
    const x = i % W
    if (x > 0 && label[i - 1] === from) {
      label[i - 1] = to
      stack[sp++] = i - 1
    }
    if (x < W - 1 && label[i + 1] === from) {
      label[i + 1] = to
      stack[sp++] = i + 1
    }
    if (i >= W && label[i - W] === from) {
      label[i - W] = to
      stack[sp++] = i - W
    }
    if (i < last && label[i + W] === from) {
      label[i + W] = to
      stack[sp++] = i + W
    }
  }
  return size
}

export interface Outline {
  /** Per row, where the region starts (left) and ends (right); per column, its top and bottom. */
  left: Point[]
  right: Point[]
  top: Point[]
  bottom: Point[]
}

/**
 * The region's outline, one point per row and per column and side, placed
 * between pixels where the grey level crosses the threshold (sub-pixel).
 * Coordinates are continuous: pixel (x, y) covers [x, x+1) × [y, y+1).
 */
export function outline(img: Grey, mask: Uint8Array, t: number): Outline {
  const { width: W, height: H, data } = img
  const o: Outline = { left: [], right: [], top: [], bottom: [] }
  // Crossing between pixel centres a (outside) and b (inside): 0 at a's centre, 1 at b's.
  const cross = (a: number, b: number) => {
    const va = data[a]!
    const vb = data[b]!
    return vb > va ? Math.max(0, Math.min(1, (t - va) / (vb - va))) : 0.5
  }
  /**
   * Along each line (a row, or a column), the first and last masked pixel's outer
   * edge, at sub-pixel precision: `at` gives a pixel's index, `point` the edge's place.
   */
  const edges = (lines: number, length: number, at: (line: number, i: number) => number, point: (pos: number, line: number) => Point, before: Point[], after: Point[]) => {
    for (let l = 0; l < lines; l++) {
      let first = -1
      let last = -1
      for (let i = 0; i < length; i++) {
        if (mask[at(l, i)]) {
          if (first < 0) first = i
          last = i
        }
      }
      if (first < 0) continue
      if (first > 0) before.push(point(first - 0.5 + cross(at(l, first - 1), at(l, first)), l))
      if (last < length - 1) after.push(point(last + 1.5 - cross(at(l, last + 1), at(l, last)), l))
    }
  }
  edges(H, W, (y, x) => y * W + x, (p, y) => [p, y + 0.5], o.left, o.right)
  edges(W, H, (x, y) => y * W + x, (p, x) => [x + 0.5, p], o.top, o.bottom)
  return o
}
