/** Plane geometry for photo correction: lines, homographies, quadrilaterals. Pure. */

export type Point = [number, number]
/** Corners in order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point]

/** A line a·x + b·y = c with (a, b) a unit normal. */
export interface Line {
  a: number
  b: number
  c: number
}

/** Total least squares line through points (the normal is the smallest principal axis). */
export function fitLine(pts: readonly Point[]): Line | undefined {
  const n = pts.length
  if (n < 2) return undefined
  let mx = 0
  let my = 0
  for (const [x, y] of pts) {
    mx += x
    my += y
  }
  mx /= n
  my /= n
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (const [x, y] of pts) {
    sxx += (x - mx) ** 2
    syy += (y - my) ** 2
    sxy += (x - mx) * (y - my)
  }
  // Direction of largest spread; the normal is perpendicular to it.
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy)
  const a = -Math.sin(theta)
  const b = Math.cos(theta)
  return { a, b, c: a * mx + b * my }
}

export function intersect(l: Line, m: Line): Point | undefined {
  const det = l.a * m.b - l.b * m.a
  if (Math.abs(det) < 1e-9) return undefined
  return [(l.c * m.b - l.b * m.c) / det, (l.a * m.c - l.c * m.a) / det]
}

export const distance = (p: Point, q: Point): number => Math.hypot(p[0] - q[0], p[1] - q[1])

/** Interior angle at each corner, in degrees. */
export function angles(q: Quad): number[] {
  return q.map((p, i) => {
    const prev = q[(i + 3) % 4]!
    const next = q[(i + 1) % 4]!
    const v1 = [prev[0] - p[0], prev[1] - p[1]]
    const v2 = [next[0] - p[0], next[1] - p[1]]
    const cos = (v1[0]! * v2[0]! + v1[1]! * v2[1]!) / (Math.hypot(v1[0]!, v1[1]!) * Math.hypot(v2[0]!, v2[1]!))
    return (Math.acos(Math.max(-1, Math.min(1, cos))) * 180) / Math.PI
  })
}

/** Shoelace area (positive for clockwise corners in image coordinates). */
export function area(q: readonly Point[]): number {
  let s = 0
  for (let i = 0; i < q.length; i++) {
    const [x1, y1] = q[i]!
    const [x2, y2] = q[(i + 1) % q.length]!
    s += x1 * y2 - x2 * y1
  }
  return s / 2
}

/** Whether the quad is convex with corners in clockwise (image) order. */
export function isConvex(q: Quad): boolean {
  for (let i = 0; i < 4; i++) {
    const [ax, ay] = q[i]!
    const [bx, by] = q[(i + 1) % 4]!
    const [cx, cy] = q[(i + 2) % 4]!
    if ((bx - ax) * (cy - by) - (by - ay) * (cx - bx) <= 0) return false
  }
  return true
}

/**
 * Homography taking the 4 `src` points to the 4 `dst` points, as 9 numbers
 * row-major with h33 = 1 (Gaussian elimination with partial pivoting).
 */
export function homography(src: readonly Point[], dst: readonly Point[]): number[] {
  const A: number[][] = []
  for (let i = 0; i < 4; i++) {
    const [x, y] = src[i]!
    const [u, v] = dst[i]!
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u])
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v])
  }
  const n = 8
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r
    ;[A[c], A[p]] = [A[p]!, A[c]!]
    for (let r = c + 1; r < n; r++) {
      const f = A[r]![c]! / A[c]![c]!
      for (let k = c; k <= n; k++) A[r]![k]! -= f * A[c]![k]!
    }
  }
  const h = new Array<number>(n).fill(0)
  for (let r = n - 1; r >= 0; r--) {
    let s = A[r]![n]!
    for (let k = r + 1; k < n; k++) s -= A[r]![k]! * h[k]!
    h[r] = s / A[r]![r]!
  }
  return [...h, 1]
}

export function apply(h: readonly number[], [x, y]: Point): Point {
  const w = h[6]! * x + h[7]! * y + h[8]!
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w]
}
