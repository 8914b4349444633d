import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withStallTimeout, withTimeout } from '../../src/browser/manager.js'
import { BblError, ExitCode } from '../../src/core/error.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('withTimeout', () => {
  it('fails work that takes longer than its time, naming it and where it was (exit 6)', async () => {
    await assert.rejects(
      withTimeout(sleep(300), 50, 'printing x.html', () => ({ detail: 'at the slide "A"', line: 7 })),
      (e: unknown) => e instanceof BblError && e.exitCode === ExitCode.BROWSER && /^printing x\.html did not finish within 0 s \(at the slide "A"\)/.test(e.message) && e.where.line === 7,
    )
  })
})

describe('withStallTimeout', () => {
  it('lets work that keeps progressing run past its time', async () => {
    const work = async (progress: () => void) => {
      for (let i = 0; i < 8; i++) {
        await sleep(20)
        progress()
      }
      return 'done'
    }
    assert.equal(await withStallTimeout(work, 60, 'fitting the slides of x'), 'done')
  })

  it('fails work that stops progressing, as soon as it has stood still for its time', async () => {
    const t0 = Date.now()
    const work = async (progress: () => void) => {
      progress()
      await sleep(1000)
    }
    await assert.rejects(withStallTimeout(work, 80, 'fitting the slides of x'), /^BblError: fitting the slides of x made no progress for 0 s; the page hangs/)
    assert.ok(Date.now() - t0 < 900, 'failed only when the work ended')
  })
})
