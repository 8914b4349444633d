import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withStallTimeout, withTimeout } from '../../src/browser/clocks.js'
import { BblError, ExitCode } from '../../src/core/error.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('withTimeout', () => {
  it('fails work that takes longer than its time, naming it and where it was (exit 6)', async () => {
    await assert.rejects(
      withTimeout(sleep(1000), 50, 'printing x.html', () => ({ detail: 'at the slide "A"', line: 7 })),
      (e: unknown) => e instanceof BblError && e.exitCode === ExitCode.BROWSER && /^printing x\.html did not finish within 0 s \(at the slide "A"\)/.test(e.message) && e.where.line === 7,
    )
  })
})

describe('withStallTimeout', () => {
  it('lets work that keeps progressing run well past its time', async () => {
    const t0 = Date.now()
    const work = async (progress: () => void) => {
      for (let i = 0; i < 10; i++) {
        await sleep(60)
        progress()
      }
      return 'done'
    }
    assert.equal(await withStallTimeout(work, 400, 'fitting the slides of x'), 'done')
    assert.ok(Date.now() - t0 >= 600, 'the work outlasted one period of the clock')
  })

  it('fails work that stops progressing as soon as it has stood still for its time, not when it would end', async () => {
    // Work that never ends: only the stall clock can end the wait (a hang fails the file at its time limit).
    const work = async (progress: () => void) => {
      progress()
      await new Promise(() => undefined)
    }
    await assert.rejects(withStallTimeout(work, 100, 'fitting the slides of x'), /^BblError: fitting the slides of x made no progress for 0 s; the page hangs/)
  })

  it('fails when one lane stands still while another keeps moving, naming the one that stood still', async () => {
    const a = {}
    const b = {}
    const work = async (progress: (lane?: unknown) => void, rest: (lane?: unknown) => void) => {
      rest()
      progress(a)
      progress(b)
      for (let i = 0; i < 40; i++) {
        await sleep(25)
        progress(b)
      }
    }
    await assert.rejects(
      withStallTimeout(work, 200, 'fitting', (lane) => ({ detail: lane === a ? 'at the slide "A"' : 'elsewhere' })),
      /made no progress for 0 s \(at the slide "A"\)/,
    )
  })

  it('asks where a lane stood still, even when finding out ends the work: the clock\'s failure is said, with the answer', async () => {
    let stop: (e: Error) => void = () => undefined
    const work = async (progress: (lane?: unknown) => void) => {
      progress('page')
      // Hangs until stopped: finding out where it was stops it, and it fails on its own then.
      await new Promise((_, reject) => (stop = reject))
    }
    const where = async () => {
      stop(new Error('Protocol error: Execution was terminated'))
      await sleep(30)
      return { detail: 'at the slide "B"', line: 12 }
    }
    await assert.rejects(
      withStallTimeout(work, 100, 'fitting', where),
      (e: unknown) => e instanceof BblError && e.exitCode === ExitCode.BROWSER && /made no progress for 0 s \(at the slide "B"\)/.test(e.message) && e.where.line === 12,
    )
  })

  it('says the failure without where when where does not answer', async () => {
    const work = async (progress: () => void) => {
      progress()
      await new Promise(() => undefined)
    }
    await assert.rejects(withStallTimeout(work, 50, 'fitting', () => new Promise(() => undefined)), /^BblError: fitting made no progress for 0 s; the page hangs/)
  })

  it('leaves no clock running once settled, even if progress is said afterwards', async () => {
    let late: (() => void) | undefined
    const work = async (progress: () => void) => {
      late = progress
      throw new Error('failed early')
    }
    const timers = () => (process as unknown as { getActiveResourcesInfo(): string[] }).getActiveResourcesInfo().filter((r) => r === 'Timeout').length
    const before = timers()
    await assert.rejects(withStallTimeout(work, 60_000, 'x'), /failed early/)
    late!()
    // A clock left running would hold the process for a minute after bbl is done.
    assert.equal(timers(), before, 'a timer was left running')
  })
})
