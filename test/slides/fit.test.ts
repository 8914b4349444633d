/**
 * How fitting splits slides into batches for its measuring pages: small decks in
 * batches of 8 (pages that finish early take more, so they end together), large
 * notes in batches of up to 32 (every batch is a protocol call).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { batchSize } from '../../src/slides/fit.js'

describe('batchSize', () => {
  it('gives each page eight batches or more, in batches of 8 to 32 slides', () => {
    assert.equal(batchSize(102, 2), 8, "the sample's 102 slides on two pages")
    assert.equal(batchSize(28_703, 2), 32, '10 MB of notes')
    assert.equal(batchSize(1, 1), 8)
    for (const pages of [1, 2, 3, 4])
      for (let jobs = 1; jobs <= 3000; jobs += 7) {
        const size = batchSize(jobs, pages)
        assert.ok(size >= 8 && size <= 32, `${jobs} on ${pages}: ${size}`)
        if (size > 8 && size < 32) assert.ok(Math.ceil(jobs / size) >= pages * 8 - pages, `${jobs} on ${pages}: ${Math.ceil(jobs / size)} batches`)
      }
  })
})
