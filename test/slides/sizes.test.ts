import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { authorSize } from '../../src/slides/sizes.js'

describe('authorSize: sizes written for a 960×700 slide, on 1280×720', () => {
  const photo = { width: 960, height: 540 }
  it('gives nothing when the author gave no size', () => {
    assert.equal(authorSize({ intrinsic: photo }), undefined)
  })
  it('keeps a width the same share of the slide (×4/3), the height from the picture', () => {
    assert.deepEqual(authorSize({ width: 150, intrinsic: { width: 390, height: 844 } }), { width: 200, height: 433 })
  })
  it('keeps a height the same share of the slide (×720/700)', () => {
    assert.deepEqual(authorSize({ height: 300, intrinsic: { width: 900, height: 600 } }), { width: 463, height: 309 })
  })
  it('scales both sides by the smaller factor when both are given', () => {
    assert.deepEqual(authorSize({ width: 350, height: 140 }), { width: 360, height: 144 })
  })
  it('stays within the body box, proportions kept', () => {
    const s = authorSize({ width: 800, intrinsic: photo })!
    assert.ok(s.height <= 530 && s.width <= 1152, JSON.stringify(s))
    assert.ok(Math.abs(s.width / s.height - 960 / 540) < 0.01, 'Math.abs(s.width / s.height - 960 / 540) < 0.01')
  })
})
