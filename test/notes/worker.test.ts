/**
 * The notes thread: the same model as a parse on the main thread, the notes'
 * faults as the same BblError, an interrupted parse stopped at once, the
 * thread ended after large notes, and started ahead of the notes.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BblError, ExitCode } from '../../src/core/error.js'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { NotesThread, parseInThread } from '../../src/notes/worker.js'

const NOTES = '= Day\nAda Lovelace\n\n== Talks\n\n=== A talk\n\nPrésenté par Ada\n\nWords with asciimath:[x^2] and a footnote:[A note.]\n'
const job = (text: string, file = 'day.adoc') => ({ text, file, cwd: process.cwd(), read: {} })

describe('the notes thread', () => {
  it('gives the model a parse on the main thread gives', async () => {
    assert.deepEqual(await parseInThread(job(NOTES)), parseNotes(NOTES, 'day.adoc'))
  })

  it('rejects notes that cannot be read as the main thread does: a BblError with its line', async () => {
    const text = '= Day\n\n== Talks\n\n====\nnever closed\n'
    await assert.rejects(parseInThread(job(text, 'open.adoc')), (e) => e instanceof BblError && e.exitCode === ExitCode.INPUT && e.where.line === 5 && /unterminated example block/.test(e.message))
  })

  it('is stopped at once: what it parses is interrupted, the next notes start a new thread', async () => {
    // A thread of this test's own: stopping the shared one would interrupt the parses of other tests in this process.
    const thread = new NotesThread()
    const big = `= Big\n\n== Talks\n\n${Array.from({ length: 3000 }, (_, i) => `=== Talk ${i}\n\nWords ${i}.\n`).join('\n')}`
    const parsing = thread.parse(job(big, 'big.adoc'))
    thread.stop()
    await assert.rejects(parsing, (e) => e instanceof BblError && e.exitCode === ExitCode.INTERRUPTED)
    assert.equal((await thread.parse(job(NOTES))).title, 'Day')
  })

  it('ends once idle after large notes, freeing what it holds; keeps running after short ones', async () => {
    const thread = new NotesThread({ largeNotes: 200 })
    assert.equal((await thread.parse(job(NOTES))).title, 'Day')
    assert.equal(thread.running, true, 'short notes keep the thread')
    const large = `${NOTES}\n${'More words of a long talk. '.repeat(10)}\n`
    assert.equal((await thread.parse(job(large))).title, 'Day')
    assert.equal(thread.running, false, 'large notes end it')
    assert.equal((await thread.parse(job(NOTES))).title, 'Day', 'the next notes start a new thread')
    // Large notes parsed while short ones wait: the thread still ends once it has parsed them all.
    const both = [thread.parse(job(large)), thread.parse(job(NOTES))]
    for (const doc of await Promise.all(both)) assert.equal(doc.title, 'Day')
    assert.equal(thread.running, false, 'large notes end it, short ones after them too')
    thread.stop()
  })

  it('started ahead (warm), answers the notes given next and only them, and is stopped as any', async () => {
    const thread = new NotesThread()
    thread.warm()
    assert.equal(thread.running, true)
    thread.warm()
    assert.deepEqual(await thread.parse(job(NOTES)), parseNotes(NOTES, 'day.adoc'), 'the notes, not the warm-up text')
    const parsing = thread.parse(job(NOTES))
    thread.stop()
    await assert.rejects(parsing, (e) => e instanceof BblError && e.exitCode === ExitCode.INTERRUPTED)
    assert.equal(thread.running, false)
  })
})
