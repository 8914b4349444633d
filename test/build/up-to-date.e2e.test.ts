/**
 * A rebuild of unchanged notes, through the API with real Chromium: it does not
 * read (so cannot parse) the notes, returns the same manifest and leaves every
 * output file as it was (same inode, same time); an edit to one talk rewrites only
 * that talk's deck and the recap; an edited include, a touched output or a broken
 * record makes a full build again (the record is never trusted).
 */
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { build } from '../../src/index.js'
import { notesReads } from '../../src/notes/read.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
const NOTES = 'decks/dataxday-2018.adoc'
/** A sentence of one talk (Amazon SageMaker). */
const SENTENCE = 'too complicated and too slow'
const TALK_DECK = 'machine-learning-models-at-scale-with-amazon-sagemaker.html'
let tmp: string

const run = (notes = NOTES) => build({ notes: [notes], out: 'out', cwd: tmp, onInfo() {}, onWarning() {} })

/** Each output file of `dir` with its inode and modification time. */
async function files(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const e of await readdir(dir, { recursive: true })) {
    const s = await stat(path.join(dir, e))
    if (s.isFile()) out.set(e, `${s.ino} ${s.mtimeMs}`)
  }
  return out
}

const changed = (a: Map<string, string>, b: Map<string, string>) => [...b].filter(([f, v]) => a.get(f) !== v).map(([f]) => f).sort()

describe('a rebuild of unchanged notes', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-up-to-date-'))
    await mkdir(path.join(tmp, 'decks'))
    await cp(path.join(repo, NOTES), path.join(tmp, NOTES))
    await cp(path.join(repo, 'images', 'dataxday-2018'), path.join(tmp, 'images', 'dataxday-2018'), { recursive: true })
    // The first build: every test below starts from a current output, in whatever order the tests run.
    await run()
  })
  after(() => rm(tmp, { recursive: true, force: true }))

  it('reads no notes, returns the same manifest and rewrites nothing', async () => {
    const first = await run()
    const out = path.join(tmp, 'out', 'dataxday-2018')
    const was = await files(out)
    const reads = notesReads()
    const again = await run()
    assert.equal(notesReads(), reads, 'the notes were read again')
    assert.deepEqual(again, first)
    assert.deepEqual(changed(was, await files(out)), [])
  })

  it('rewrites only the edited talk’s deck and the recap', async () => {
    const out = path.join(tmp, 'out', 'dataxday-2018')
    const was = await files(out)
    const text = await readFile(path.join(tmp, NOTES), 'utf8')
    await writeFile(path.join(tmp, NOTES), text.replace(SENTENCE, 'too complicated (edited) and too slow'))
    const reads = notesReads()
    const [m] = await run()
    assert.equal(notesReads(), reads + 1)
    assert.deepEqual(changed(was, await files(out)), ['index.html', TALK_DECK])
    assert.match(await readFile(path.join(out, TALK_DECK), 'utf8'), /\(edited\)/)
    assert.equal(m!.decks.length, 10)
  })

  it('builds again when an output file was touched, and puts it back', async () => {
    const deck = path.join(tmp, 'out', 'dataxday-2018', TALK_DECK)
    const good = await readFile(deck, 'utf8')
    await writeFile(deck, 'changed by hand')
    const reads = notesReads()
    await run()
    assert.equal(notesReads(), reads + 1)
    assert.equal(await readFile(deck, 'utf8'), good)
  })

  it('builds again when the record does not verify', async () => {
    const record = path.join(tmp, 'out', '.bbl-cache', 'dataxday-2018.built.json')
    const bytes = await readFile(record)
    bytes.writeUInt8(bytes.at(-2)! ^ 1, bytes.length - 2)
    await writeFile(record, bytes)
    const reads = notesReads()
    await run()
    assert.equal(notesReads(), reads + 1)
    const after = notesReads()
    await run()
    assert.equal(notesReads(), after, 'the record written by that build is used')
  })

  it('builds again when a file the notes include changes (the include list is Asciidoctor’s)', async () => {
    await writeFile(path.join(tmp, 'decks', 'part.adoc'), 'Included words, first version.\n')
    await writeFile(path.join(tmp, 'decks', 'with-include.adoc'), '= Included\n\n== A slide\n\ninclude::part.adoc[]\n')
    await run('decks/with-include.adoc')
    const reads = notesReads()
    await run('decks/with-include.adoc')
    assert.equal(notesReads(), reads)
    await writeFile(path.join(tmp, 'decks', 'part.adoc'), 'Included words, second version.\n')
    await run('decks/with-include.adoc')
    assert.equal(notesReads(), reads + 1)
    assert.match(await readFile(path.join(tmp, 'out', 'with-include', 'index.html'), 'utf8'), /second version/)
  })
})
