/** The order shuffler behind `npm run test:shuffle` (test/order/): it must really shuffle, and run every test. */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { describe, it } from 'node:test'

const root = path.resolve(import.meta.dirname, '..', '..')

function order(seed: number): string[] {
  // Run as a plain script (node:test runs its tests then), not as a child of this test run.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env
  const out = execFileSync(process.execPath, ['--import', './test/order/shuffle.mjs', 'test/fixtures/order/ordered.fixture.mjs'], {
    cwd: root,
    env: { ...env, BBL_TEST_SEED: String(seed) },
  }).toString()
  const line = /ORDER (\S+)/.exec(out)?.[1]
  assert.ok(line, out)
  return line.split(',')
}

describe('test order shuffler', () => {
  it('runs every test, sync and async suites and top-level ones, in an order the seed decides', () => {
    const runs = [1, 2].map(order)
    for (const r of runs) assert.deepEqual([...r].sort(), 'abcdefghijklmno'.split(''))
    assert.deepEqual(order(1), runs[0], 'the same seed gives the same order')
    assert.ok(new Set(runs.map((r) => r.join(''))).size > 1, 'different seeds give different orders')
    assert.ok(runs.some((r) => r.join('') !== 'abcdefghijklmno'), 'some order differs from the source order')
  })
})
