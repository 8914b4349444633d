/**
 * Finds the projected slide in a photo: pixels in, a quadrilateral and a
 * confidence out. Pure, no I/O: the caller hands a small greyscale copy of the
 * photo (about 400 px on its long side).
 *
 * As document scanners do, but tuned for a bright screen in a darker room: the
 * brightest large region (Otsu's threshold, largest connected component, holes
 * filled), four corners from its outline, then each side refitted as a straight
 * line through its outline points, trimming points that fall inside (heads in
 * front of the lower edge, a dark title band). It answers "no screen" whenever a
 * check fails: too small, cut off by the frame, not four straight sides, angles
 * or proportions a seat could not see, or too little contrast with the room.
 */
import { angles, area, distance, fitLine, intersect, isConvex, type Line, type Point, type Quad } from './geometry.js'
import { brightRegion, type Grey, otsu, outline } from './region.js'

export type { Grey } from './region.js'

export interface Detection {
  /** The slide's corners (TL, TR, BR, BL) in the grey image's pixel coordinates; only when accepted. */
  quad?: Quad
  /** Width / height of the slide once straightened; only when accepted. */
  aspect?: number
  /** 0–1: how sure the detector is that `quad` is a projected slide (0 when nothing was found). */
  confidence: number
  /** Why the photo is left alone, or "screen". */
  reason: string
}

/** Limits of a screen seen from a seat; every one is a reason to leave a photo alone. */
export const LIMITS = {
  minShare: 0.08,
  maxShare: 0.92,
  /** Corners at least this share of the frame away from its edges (else the screen is cut off). */
  margin: 0.008,
  maxAngleError: 22,
  minAspect: 1.2,
  maxAspect: 1.9,
  /** (inside − outside) / inside brightness. */
  minContrast: 0.3,
  minBright: 90,
  minFill: 0.9,
  minStraight: 0.55,
  minConfidence: 0.5,
  /** Longest over shortest of two opposite sides: beyond it, no seat in a room sees a screen that way. */
  maxSideRatio: 1.6,
  /** How much brighter than the others the outside of one side may be, as a share of the slide's contrast. */
  maxStripStep: 0.15,
} as const

const no = (reason: string, confidence = 0): Detection => ({ confidence, reason })

/**
 * Thresholds from Otsu's down towards the room's level: a slide's dark title
 * band or footer falls below Otsu's threshold but stays well above the room.
 * The first quadrilateral accepted wins (lower thresholds can take in the
 * screen's frame around the projected picture).
 */
export function detectScreen(img: Grey): Detection {
  const t = otsu(img.data)
  const room = meanBelow(img.data, t)
  let first: Detection | undefined
  for (const level of [t, room + 0.6 * (t - room), room + 0.4 * (t - room)]) {
    const d = detectAt(img, level, room)
    if (d.quad) return d
    first ??= d
  }
  return first!
}

function detectAt(img: Grey, t: number, room: number): Detection {
  const { width: W, height: H } = img
  const region = brightRegion(img, t)
  if (!region) return no('nothing bright')
  const share = region.filled / (W * H)
  if (share < LIMITS.minShare) return no('no large bright region')
  if (share > LIMITS.maxShare) return no('the bright region fills the frame')
  const pts = outline(img, region.mask, t)
  const quad = fitQuad(pts)
  if (!quad || !isConvex(quad.corners)) return no('not a quadrilateral')
  return judge(img, region.filled, quad.corners, quad.straight, room)
}

function meanBelow(data: Uint8Array, t: number): number {
  let s = 0
  let n = 0
  for (let i = 0; i < data.length; i++) {
    if (data[i]! < t) {
      s += data[i]!
      n++
    }
  }
  return n ? s / n : 0
}

interface Fitted {
  corners: Quad
  /** Per side, the share of its outline points lying on the fitted line. */
  straight: number[]
}

/** Four corners from the outline's diagonal extremes, then each side refitted as a line. */
function fitQuad(o: ReturnType<typeof outline>): Fitted | undefined {
  const all = [...o.left, ...o.right, ...o.top, ...o.bottom]
  if (all.length < 40) return undefined
  const best = (f: (p: Point) => number) => all.reduce((a, b) => (f(b) > f(a) ? b : a))
  const rough: Quad = [best(([x, y]) => -x - y), best(([x, y]) => x - y), best(([x, y]) => x + y), best(([x, y]) => y - x)]
  // Sides: top TL→TR from column tops, right TR→BR from row ends, bottom, left. Outward normals point away from the centre.
  const sides: Array<[Point[], Point, Point, 0 | 1]> = [
    [o.top, rough[0], rough[1], 0],
    [o.right, rough[1], rough[2], 1],
    [o.bottom, rough[3], rough[2], 0],
    [o.left, rough[0], rough[3], 1],
  ]
  const centre: Point = [(rough[0][0] + rough[2][0]) / 2, (rough[0][1] + rough[2][1]) / 2]
  const lines: Line[] = []
  const straight: number[] = []
  for (const [cands, p, q, axis] of sides) {
    const lo = Math.min(p[axis], q[axis])
    const hi = Math.max(p[axis], q[axis])
    const span = hi - lo
    const on = cands.filter((c) => c[axis] >= lo + 0.06 * span && c[axis] <= hi - 0.06 * span)
    const fit = robustLine(on, p, q, centre)
    if (!fit) return undefined
    lines.push(fit.line)
    straight.push(fit.inliers)
  }
  const corners: Point[] = []
  for (let i = 0; i < 4; i++) {
    const c = intersect(lines[(i + 3) % 4]!, lines[i]!)
    if (!c) return undefined
    corners.push(c)
  }
  // lines: top, right, bottom, left → corners: left∩top = TL, top∩right = TR, right∩bottom = BR, bottom∩left = BL.
  return { corners: corners as Quad, straight }
}

/**
 * A line through the outline points of one side. The outline is only ever
 * pushed inwards (heads, dark bands at the slide's edge), so points inside the
 * line are trimmed more eagerly than points outside it.
 */
function robustLine(pts: Point[], p: Point, q: Point, centre: Point): { line: Line; inliers: number } | undefined {
  if (pts.length < 8) return undefined
  const len = distance(p, q)
  let line: Line = { a: q[1] - p[1], b: p[0] - q[0], c: 0 }
  const n = Math.hypot(line.a, line.b) || 1
  line = { a: line.a / n, b: line.b / n, c: (line.a / n) * p[0] + (line.b / n) * p[1] }
  const outward = (l: Line) => (l.a * centre[0] + l.b * centre[1] - l.c < 0 ? 1 : -1)
  const r = (l: Line, [x, y]: Point) => outward(l) * (l.a * x + l.b * y - l.c)
  // Start from the line through the rough corners: it spans any notch in the outline.
  for (const tol of [len * 0.03, len * 0.015, 1.5, 1]) {
    const keep = pts.filter((pt) => {
      const d = r(line, pt)
      return d >= -tol && d <= Math.max(tol * 2, 2)
    })
    const next = keep.length >= Math.max(6, pts.length * 0.15) ? fitLine(keep) : undefined
    if (!next) break
    line = next
  }
  const inliers = pts.filter((pt) => Math.abs(r(line, pt)) <= 1.5).length / pts.length
  return { line, inliers }
}

/** The checks a screen seen from a seat passes; each failure leaves the photo alone. */
function judge(img: Grey, filled: number, q: Quad, straight: number[], room: number): Detection {
  const { width: W, height: H } = img
  const m = LIMITS.margin * Math.max(W, H)
  if (q.some(([x, y]) => x < m || y < m || x > W - m || y > H - m)) return no('the screen is cut off by the frame')
  const a = area(q)
  const share = a / (W * H)
  if (share < LIMITS.minShare || share > LIMITS.maxShare) return no('the quadrilateral is too small or too large')
  const worstAngle = Math.max(...angles(q).map((d) => Math.abs(d - 90)))
  if (worstAngle > LIMITS.maxAngleError) return no(`corners at up to ${Math.round(worstAngle)}° from square`)
  const skew = Math.max(ratio(distance(q[0], q[3]), distance(q[1], q[2])), ratio(distance(q[0], q[1]), distance(q[3], q[2])))
  if (skew > LIMITS.maxSideRatio) return no('seen from too far to the side')
  const aspect = estimateAspect(q)
  if (aspect < LIMITS.minAspect || aspect > LIMITS.maxAspect) return no(`proportions ${aspect.toFixed(2)}:1 are not a slide's`)
  const fill = Math.min(filled, a) / Math.max(filled, a)
  if (fill < LIMITS.minFill) return no('the bright region is not quadrilateral')
  const sortedStraight = [...straight].sort((x, y) => x - y)
  if (sortedStraight[0]! < 0.3 || sortedStraight[1]! < LIMITS.minStraight) return no('the sides are not straight')
  const { inside, outside } = contrast(img, q)
  const c = inside > 0 ? (inside - outside) / inside : 0
  if (inside < LIMITS.minBright) return no('too dark')
  if (c < LIMITS.minContrast) return no('too little contrast with the room')
  // Just outside each side: the screen's frame or the room, alike on all four sides. A side much
  // brighter outside than the others is a slide edge cut at a dark band (title, footer).
  const strips = q.map((_, i) => strip(img, q, i))
  const typical = [...strips].sort((x, y) => x - y)[1]!
  if (strips.some((v) => v - typical > LIMITS.maxStripStep * (inside - room))) return no('a side continues past its edge')
  const score = (v: number, lo: number, hi: number) => Math.max(0, Math.min(1, (v - lo) / (hi - lo)))
  const confidence = Math.min(
    score(c, LIMITS.minContrast - 0.1, 0.6),
    score(fill, LIMITS.minFill - 0.05, 0.98),
    score(sortedStraight[1]!, LIMITS.minStraight - 0.15, 0.9),
    score(LIMITS.maxAngleError + 5 - worstAngle, 0, 20),
    score(LIMITS.maxSideRatio + 0.1 - skew, 0, 0.5),
  )
  if (confidence < LIMITS.minConfidence) return no('not confident enough', confidence)
  return { quad: q, aspect, confidence: Math.round(confidence * 100) / 100, reason: 'screen' }
}

const ratio = (a: number, b: number) => Math.max(a, b) / Math.max(1e-9, Math.min(a, b))

/** Slides are 4:3, 16:10 or 16:9: an estimate within 7 % of one is taken to be it. */
const STANDARD = [4 / 3, 16 / 10, 16 / 9]

/** Width / height of the straightened slide: opposite sides averaged, snapped to a standard ratio. */
export function estimateAspect(q: Quad): number {
  const w = (distance(q[0], q[1]) + distance(q[3], q[2])) / 2
  const h = (distance(q[0], q[3]) + distance(q[1], q[2])) / 2
  const raw = w / h
  const near = STANDARD.reduce((a, b) => (Math.abs(b / raw - 1) < Math.abs(a / raw - 1) ? b : a))
  return Math.abs(near / raw - 1) <= 0.07 ? near : raw
}

/** Mean brightness inside the quad and in a band around it (sampled on a grid). */
function contrast(img: Grey, q: Quad): { inside: number; outside: number } {
  const { width: W, height: H, data } = img
  const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4
  const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4
  const scaled = (k: number): Quad => q.map(([x, y]) => [cx + (x - cx) * k, cy + (y - cy) * k]) as Quad
  const inner = inside(scaled(0.92))
  const outerIn = inside(scaled(1.08))
  const outerOut = scaled(1.25)
  const outer = inside(outerOut)
  let si = 0
  let ni = 0
  let so = 0
  let no_ = 0
  const step = Math.max(1, Math.round(Math.max(W, H) / 200))
  // Only the grid points within the outer quad's bounding box can count.
  const [y0, y1] = gridSpan(outerOut, 1, step, H)
  const [x0, x1] = gridSpan(outerOut, 0, step, W)
  for (let y = y0; y < y1; y += step) {
    for (let x = x0; x < x1; x += step) {
      const v = data[y * W + x]!
      if (inner(x + 0.5, y + 0.5)) {
        si += v
        ni++
      } else if (outer(x + 0.5, y + 0.5) && !outerIn(x + 0.5, y + 0.5)) {
        so += v
        no_++
      }
    }
  }
  return { inside: ni ? si / ni : 0, outside: no_ ? so / no_ : 255 }
}

/** The grid lines (multiples of `step` below `size`) whose pixel centres can fall inside `q` along `axis`. */
function gridSpan(q: Quad, axis: 0 | 1, step: number, size: number): [number, number] {
  const lo = Math.min(...q.map((p) => p[axis]))
  const hi = Math.max(...q.map((p) => p[axis]))
  const first = Math.max(0, Math.floor((lo - 0.5) / step) * step)
  return [first, Math.min(size, Math.ceil(hi))]
}
/** Mean brightness just outside side i (from corner i to i+1): the room, or something the slide continues into. */
function strip(img: Grey, q: Quad, i: number): number {
  const { width: W, height: H, data } = img
  const p = q[i]!
  const r = q[(i + 1) % 4]!
  const cx = (q[0][0] + q[1][0] + q[2][0] + q[3][0]) / 4
  const cy = (q[0][1] + q[1][1] + q[2][1] + q[3][1]) / 4
  const len = distance(p, r)
  let nx = (r[1] - p[1]) / len
  let ny = (p[0] - r[0]) / len
  if (nx * (p[0] - cx) + ny * (p[1] - cy) < 0) [nx, ny] = [-nx, -ny]
  const depth = Math.min(distance(q[0], q[2]), distance(q[1], q[3])) / Math.SQRT2
  let s = 0
  let n = 0
  for (let f = 0.1; f <= 0.9; f += 0.04) {
    for (const k of [0.02, 0.035, 0.05]) {
      const x = Math.round(p[0] + (r[0] - p[0]) * f + nx * k * depth - 0.5)
      const y = Math.round(p[1] + (r[1] - p[1]) * f + ny * k * depth - 0.5)
      if (x < 0 || y < 0 || x >= W || y >= H) continue
      s += data[y * W + x]!
      n++
    }
  }
  return n ? s / n : 0
}

/** A test for points inside `q` (clockwise in image coordinates), with each side's numbers worked out once. */
function inside(q: Quad): (x: number, y: number) => boolean {
  const [a0, a1, a2, a3] = q.map((p, i) => {
    const n = q[(i + 1) % 4]!
    return [p[0], p[1], n[0] - p[0], n[1] - p[1]] as const
  }) as [readonly [number, number, number, number], readonly [number, number, number, number], readonly [number, number, number, number], readonly [number, number, number, number]]
  const side = (s: readonly [number, number, number, number], x: number, y: number) => s[2] * (y - s[1]) - s[3] * (x - s[0]) >= 0
  return (x, y) => side(a0, x, y) && side(a1, x, y) && side(a2, x, y) && side(a3, x, y)
}
