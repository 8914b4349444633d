/** The detector and the warp on pixels drawn here: pure, no decoding. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { detectScreen, estimateAspect } from '../../../src/assets/photos/detect.js'
import { apply, homography, type Quad } from '../../../src/assets/photos/geometry.js'
import { normalise, outputSize, straightenRgb, TONE, warp } from '../../../src/assets/photos/warp.js'

/** A W×H grey picture: `room` everywhere, `screen` inside `q`, `band` in its top fifth, dark rows of text inside. */
function picture(W: number, H: number, q: Quad, o: { room?: number; screen?: number; band?: number } = {}) {
  const data = new Uint8Array(W * H).fill(o.room ?? 30)
  const toSlide = homography(q, [[0, 0], [1, 0], [1, 1], [0, 1]])
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [u, v] = apply(toSlide, [x + 0.5, y + 0.5])
      if (u < 0 || v < 0 || u > 1 || v > 1) continue
      const text = u > 0.1 && u < 0.8 && v > 0.35 && (v * 10) % 1 < 0.3
      data[y * W + x] = o.band !== undefined && v < 0.2 ? o.band : text ? 60 : (o.screen ?? 220)
    }
  }
  return { width: W, height: H, data }
}

/** A W×H RGB picture, each pixel coloured by where its centre falls in `q`'s slide coordinates (u, v in 0..1 inside). */
function paintQuad(W: number, H: number, q: Quad, colour: (u: number, v: number) => number[]): Uint8Array {
  const src = new Uint8Array(W * H * 3)
  const toSlide = homography(q, [[0, 0], [1, 0], [1, 1], [0, 1]])
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) src.set(colour(...apply(toSlide, [x + 0.5, y + 0.5])), (y * W + x) * 3)
  return src
}

const err = (a: Quad, b: Quad) => Math.max(...a.map((p, i) => Math.hypot(p[0] - b[i]![0], p[1] - b[i]![1])))

const tilted: Quad = [[90, 60], [330, 75], [322, 215], [96, 228]]

describe('detectScreen', () => {
  it('finds a bright tilted quadrilateral in a dark room, to a pixel', () => {
    const d = detectScreen(picture(400, 300, tilted))
    assert.equal(d.reason, 'screen')
    assert.ok(err(d.quad!, tilted) < 1.5, JSON.stringify(d.quad))
    assert.ok(d.confidence >= 0.5 && d.confidence <= 1, 'd.confidence >= 0.5 && d.confidence <= 1')
  })

  it('takes in a dark title band at the top of the slide (it is brighter than the room)', () => {
    const d = detectScreen(picture(400, 300, tilted, { band: 90 }))
    assert.ok(d.quad && err(d.quad, tilted) < 2, d.reason)
  })

  it('leaves alone: a full-frame screenshot, a dark photo, a small light, a low-contrast board, a cut-off screen', () => {
    const reason = (q: Quad, o?: Parameters<typeof picture>[3]) => detectScreen(picture(400, 300, q, o)).reason
    assert.equal(reason([[0, 0], [400, 0], [400, 300], [0, 300]]), 'the bright region fills the frame')
    assert.equal(reason(tilted, { room: 10, screen: 40 }), 'too dark')
    assert.equal(reason([[180, 130], [220, 130], [220, 160], [180, 160]]), 'no large bright region')
    assert.equal(detectScreen(picture(400, 300, tilted, { room: 170, screen: 215 })).quad, undefined)
    assert.equal(detectScreen(picture(400, 300, [[-40, 60], [330, 75], [322, 215], [-40, 228]])).quad, undefined)
    assert.equal(reason([[2, 60], [330, 75], [322, 215], [2, 228]]), 'the screen is cut off by the frame')
  })

  it('leaves alone a board seen from far to the side, and a shape no slide has', () => {
    assert.equal(detectScreen(picture(400, 300, [[60, 30], [340, 110], [340, 190], [60, 270]])).reason, 'seen from too far to the side')
    assert.match(detectScreen(picture(400, 300, [[150, 20], [250, 20], [250, 280], [150, 280]])).reason, /^proportions 0\.\d+:1 are not a slide's$/)
  })
})

describe('estimateAspect', () => {
  it('snaps near-standard proportions to 4:3, 16:10 or 16:9 and keeps others', () => {
    const rect = (w: number, h: number): Quad => [[0, 0], [w, 0], [w, h], [0, h]]
    assert.equal(estimateAspect(rect(400, 290)), 4 / 3)
    assert.equal(estimateAspect(rect(400, 228)), 16 / 9)
    assert.equal(estimateAspect(rect(400, 400)), 1)
  })
})

describe('warp and normalise', () => {
  it('maps the quadrilateral onto the whole output rectangle', () => {
    const W = 60
    const H = 40
    // Left half red, right half blue, in a quad; the rest green.
    const q: Quad = [[10, 5], [50, 8], [48, 35], [12, 33]]
    const src = paintQuad(W, H, q, (u, v) => (u < 0 || v < 0 || u > 1 || v > 1 ? [0, 255, 0] : u < 0.5 ? [255, 0, 0] : [0, 0, 255]))
    const out = warp({ width: W, height: H, data: src }, q, 40, 30)
    const at = (x: number, y: number) => [...out.data.subarray((y * 40 + x) * 3, (y * 40 + x) * 3 + 3)]
    assert.deepEqual(at(5, 15), [255, 0, 0])
    assert.deepEqual(at(35, 15), [0, 0, 255])
    assert.ok(at(1, 1)[1]! < 128 && at(38, 28)[1]! < 128, 'no room left in the corners')
  })

  it('output size follows the photo\'s own pixels across the slide, at most the cap', () => {
    const q: Quad = [[0, 0], [800, 0], [800, 450], [0, 450]]
    assert.deepEqual(outputSize(q, 16 / 9, 2560), { width: 800, height: 450 })
    assert.deepEqual(outputSize(q.map(([x, y]) => [x * 4, y * 4]) as Quad, 16 / 9, 2560), { width: 2560, height: 1440 })
  })

  it('brightens a dim, tinted slide within bounds, and leaves a clean one nearly as it is', () => {
    const px = (n: number, rgb: number[]) => new Uint8Array(Array.from({ length: n }, () => rgb).flat())
    const dim = new Uint8Array([...px(900, [180, 170, 150]), ...px(100, [50, 48, 45])])
    const d = normalise({ width: 1000, height: 1, data: dim })
    const white = [...d.data.subarray(0, 3)]
    assert.ok(Math.max(...white) - Math.min(...white) < 12, `white is neutral: ${white}`)
    assert.ok(white[1]! > 200 && white[1]! <= 255, `white is brighter: ${white}`)
    assert.ok(white[1]! <= Math.round((170 * TONE.maxChannel) * TONE.maxGain), 'gain bounded')
    const clean = new Uint8Array([...px(900, [250, 250, 250]), ...px(100, [0, 0, 0])])
    const c = normalise({ width: 1000, height: 1, data: clean })
    assert.deepEqual([...c.data.subarray(0, 3)], [250, 250, 250])
    assert.deepEqual([...c.data.subarray(2700, 2703)], [0, 0, 0])
  })

  it('corrects the tone in the warp itself as the separate pass would, from a small warp\'s colours', () => {
    // A dim, bluish slide (light background, dark text rows) inside a dark room.
    const W = 400
    const H = 300
    const q: Quad = [[60, 40], [340, 50], [330, 260], [70, 250]]
    const src = paintQuad(W, H, q, (u, v) => (u < 0 || v < 0 || u > 1 || v > 1 ? [20, 20, 25] : Math.floor(v * 10) % 3 === 1 && u > 0.1 && u < 0.8 ? [40, 45, 60] : [150, 160, 185]))
    const fused = straightenRgb({ width: W, height: H, data: src }, q, 280, 210).data
    const apart = normalise(warp({ width: W, height: H, data: src }, q, 280, 210)).data
    let worst = 0
    for (let i = 0; i < fused.length; i++) worst = Math.max(worst, Math.abs(fused[i]! - apart[i]!))
    assert.ok(worst <= 3, `fused and separate tone differ by up to ${worst} levels`)
    const bg = [...fused.subarray((105 * 280 + 20) * 3, (105 * 280 + 20) * 3 + 3)]
    assert.ok(Math.min(...bg) > 180 && Math.max(...bg) - Math.min(...bg) < 12, `the background is brighter and neutral: ${bg}`)
  })
})
