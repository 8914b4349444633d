import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, it } from 'node:test'
import { loadNotes, parseNotes } from '../../src/notes/asciidoc.js'
import { BblError } from '../../src/core/error.js'
import { scratch } from '../helpers/scratch.js'

describe('the AsciiDoc engine', () => {
  it('captions a photo with its title, else with alt text the author wrote', () => {
    const doc = parseNotes('= T\n:caption:\n\n== A\n\nimage::a.jpg[Slide about threads]\n\nimage::b.jpg[]\n\n.Titled\nimage::c.jpg[alt]\n', '/tmp/x.adoc')
    const captions = doc.sections[0]!.blocks.map((b) => (b.kind === 'photos' ? b.caption : b.kind))
    assert.deepEqual(captions, ['Slide about threads', undefined, 'Titled'])
  })

  it('makes a photo of a paragraph of inline images, and cuts a list around an attached photo', () => {
    const doc = parseNotes('= T\n\n== A\n\n.Architecture\nimage:a.jpg[] image:b.jpg[]\n\n. one\n. two\n+\nimage::c.jpg[]\n. three\n', '/tmp/x.adoc')
    const blocks = doc.sections[0]!.blocks
    assert.deepEqual(blocks.map((b) => b.kind), ['photos', 'html', 'photos', 'html'])
    assert.deepEqual(blocks[0]!.kind === 'photos' && blocks[0]!.images.map((i) => i.target), ['a.jpg', 'b.jpg'])
    assert.match(blocks[3]!.kind === 'html' ? blocks[3]!.html : '', /start="3"/)
  })

  it('sends [.notes] to the speaker notes', () => {
    const doc = parseNotes('= T\n\n== A\n\nOn the slide.\n\n[.notes]\n--\nFor the speaker.\n--\n', '/tmp/x.adoc')
    assert.deepEqual(doc.sections[0]!.blocks.map((b) => b.kind), ['html', 'notes'])
  })

  it('refuses an unterminated block with its line, and files that are not notes', async () => {
    assert.throws(
      () => parseNotes('= T\n\n== A\n\n====\nnever closed\n', '/tmp/x.adoc'),
      (e: unknown) => e instanceof BblError && e.exitCode === 3 && e.where.line === 5,
    )
    const dir = await scratch('bbl-engine-')
    await writeFile(path.join(dir, 'bin.adoc'), Buffer.from([0x3d, 0x20, 0x00, 0x01]))
    await writeFile(path.join(dir, 'latin1.adoc'), Buffer.from([0x3d, 0x20, 0xe9, 0x0a]))
    await mkdir(path.join(dir, 'folder.adoc'))
    for (const f of ['bin.adoc', 'latin1.adoc', 'folder.adoc', 'missing.adoc']) {
      await assert.rejects(loadNotes(path.join(dir, f)), (e: unknown) => e instanceof BblError && e.exitCode === 3, f)
    }
  })
})
