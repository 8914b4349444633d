/**
 * The screen detector on the generated test set (testset.ts): corners within 2 %
 * of the picture's diagonal on at least 90 % of the slide photos, and no
 * correction at all on pictures without a screen or on clean screenshots.
 * Named e2e because generating the ~70 pictures takes several seconds of CPU.
 */
import assert from 'node:assert/strict'
import { before, describe, it } from 'node:test'
import { analysePhoto } from '../../../src/assets/photos/photo.js'
import { type Case, noScreenPhotos, screenPhotos } from './testset.js'

let screens: Case[]
let others: Case[]

describe('screen detection on the generated test set', () => {
  before(async () => {
    screens = await screenPhotos()
    others = await noScreenPhotos()
  })

  it('has at least 40 slide photos and 20 without a screen, of every kind the issue lists', () => {
    assert.ok(screens.length >= 40 && others.length >= 20, 'screens.length >= 40 && others.length >= 20')
    for (const kind of ['4x3', '16x9', 'left', 'right', 'below', 'bright', 'dim', 'heads', 'portrait-exif']) {
      assert.ok(screens.some((c) => c.name.includes(kind)), kind)
    }
    for (const kind of ['people', 'venue', 'whiteboard', 'dark', 'screenshot']) assert.ok(others.some((c) => c.name.includes(kind)), kind)
  })

  it('finds the corners within 2 % of the diagonal, and the slide\'s proportions, on at least 90 % of the slide photos', async (t) => {
    const misses: string[] = []
    for (const c of screens) {
      const a = await analysePhoto(c.data)
      assert.equal(a.width, c.width, `${c.name}: upright width (EXIF orientation applied)`)
      const diag = Math.hypot(c.width, c.height)
      const err = a.quad ? Math.max(...a.quad.map((p, i) => Math.hypot(p[0] - c.corners![i]![0], p[1] - c.corners![i]![1]))) / diag : Infinity
      const aspect = c.name.includes('16x9') ? 16 / 9 : 4 / 3
      if (!(err <= 0.02)) misses.push(`${c.name}: ${a.quad ? `${(err * 100).toFixed(1)} % off` : a.detection.reason}`)
      else if (Math.abs(a.detection.aspect! / aspect - 1) > 0.03) misses.push(`${c.name}: straightened to ${a.detection.aspect!.toFixed(2)}:1`)
      else assert.ok(a.detection.confidence >= 0.5 && a.detection.confidence <= 1, 'a.detection.confidence >= 0.5 && a.detection.confidence <= 1')
    }
    const hit = 1 - misses.length / screens.length
    t.diagnostic(`${screens.length - misses.length} of ${screens.length} found within 2 %; missed: ${misses.join('; ')}`)
    assert.ok(hit >= 0.9, `found ${(hit * 100).toFixed(0)} %; missed:\n${misses.join('\n')}`)
  })

  it('corrects none of the pictures without a screen, nor a clean screenshot', async () => {
    for (const c of others) {
      const a = await analysePhoto(c.data)
      assert.equal(a.quad, undefined, `${c.name} was taken for a screen (${a.detection.reason})`)
    }
  })
})
