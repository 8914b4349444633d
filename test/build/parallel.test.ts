import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { filesAtOnce, inTurn } from '../../src/build/parallel.js'

const later = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('inTurn', () => {
  it('runs `width` items at a time and reports them in input order, whatever order they finish in', async () => {
    let running = 0
    let most = 0
    const seen: number[] = []
    await inTurn([30, 5, 20, 1, 10], 2, async (ms) => {
      most = Math.max(most, ++running)
      await later(ms)
      running--
      return ms * 2
    }, (_ms, r) => seen.push(r))
    assert.equal(most, 2)
    assert.deepEqual(seen, [60, 10, 40, 2, 20])
  })

  it('starts nothing after a failure, lets the running items finish, and throws the first failure in input order', async () => {
    const started: string[] = []
    const seen: string[] = []
    await assert.rejects(
      inTurn(['ok', 'slow-bad', 'fast-bad', 'never'], 3, async (x) => {
        started.push(x)
        await later(x === 'fast-bad' ? 5 : 30)
        if (x.endsWith('bad')) throw new Error(x)
        return x
      }, (x) => seen.push(x)),
      /slow-bad/,
    )
    assert.deepEqual(started, ['ok', 'slow-bad', 'fast-bad'])
    assert.deepEqual(seen, ['ok'])
  })
})

describe('inTurn, going on', () => {
  it('runs every item past failures that concern their item alone, tells of them, and throws the first in input order', async () => {
    const seen: string[] = []
    const told: string[] = []
    await assert.rejects(
      inTurn(['bad-1', 'ok-1', 'bad-2', 'ok-2'], 1, async (x) => {
        if (x.startsWith('bad')) throw new Error(x)
        return x
      }, (x) => seen.push(x), { goOn: (e) => /bad/.test((e as Error).message), failed: (e) => told.push((e as Error).message) }),
      /bad-1/,
    )
    assert.deepEqual(seen, ['ok-1', 'ok-2'])
    assert.deepEqual(told, ['bad-2'])
  })
})

describe('filesAtOnce', () => {
  it('builds as many files at once as there are pages, one at a time when names collide or an export must run alone', () => {
    assert.equal(filesAtOnce(['a.adoc', 'b.adoc', 'c.adoc'], 2, { oneAtATime: false }), 2)
    assert.equal(filesAtOnce(['a.adoc'], 4, { oneAtATime: false }), 1)
    assert.equal(filesAtOnce(['x/a.adoc', 'y/a.adoc'], 4, { oneAtATime: false }), 1)
    assert.equal(filesAtOnce(['a.adoc', 'b.adoc'], 4, { oneAtATime: true }), 1)
  })
})
