/**
 * Diagram block macros (`mermaid::flow.mmd[]`, src/notes/diagram-macros.ts): the
 * file they name, found from the notes' folder within the include root, becomes
 * the block `[mermaid]` (or its kind) would make.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import type { Block } from '../../src/notes/model.js'

const htmlOf = (b: Block) => (b.kind === 'photos' ? '' : b.html)

describe('diagram block macros', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-diagram-macros-'))
    await mkdir(path.join(dir, 'notes'))
    await writeFile(path.join(dir, 'notes', 'flow.mmd'), 'graph TD\n  A --> B\n')
    await writeFile(path.join(dir, 'notes', 'board.ditaa'), '+---+\n| A |\n+---+\n')
    await writeFile(path.join(dir, 'outside.mmd'), 'graph LR\n  X --> Y\n')
  })
  after(() => rm(dir, { recursive: true, force: true }))

  const parse = (body: string, root?: string) =>
    parseNotes(`= Deck\n\n== Slide\n\n${body}\n`, path.join(dir, 'notes', 'deck.adoc'), dir, root ? { root } : {})

  it('read their file from the notes\' folder and mark it to draw, as a [mermaid] block would be', () => {
    const doc = parse('mermaid::flow.mmd[]')
    const html = doc.sections[0]!.blocks.map(htmlOf)
    assert.match(html[0]!, /data-diagram="mermaid" data-line="5"/)
    assert.match(html[0]!, /<pre>graph TD\n {2}A --&gt; B<\/pre>/)
    assert.deepEqual(doc.includes.filter((f) => f.endsWith('flow.mmd')), [path.join(dir, 'notes', 'flow.mmd')], 'bbl serve watches the file')
  })

  it('show a kind bbl does not draw as its source, with the same warning', () => {
    const doc = parse('ditaa::board.ditaa[]')
    assert.match(htmlOf(doc.sections[0]!.blocks[0]!), /\| A \|/)
    assert.deepEqual(doc.warnings.map((w) => [w.code, w.line]), [['DIAGRAM', 5]])
  })

  it('leave out a missing file or one outside the folder notes may include from, saying so on the macro\'s line', () => {
    const missing = parse('mermaid::nope.mmd[]')
    assert.equal(missing.sections[0]!.blocks.length, 0)
    assert.deepEqual(missing.warnings.map((w) => [w.code, w.line]), [['INCLUDE_MISSING', 5]])
    const outside = parse('mermaid::../outside.mmd[]')
    assert.deepEqual(outside.warnings.map((w) => [w.code, w.line]), [['INCLUDE_REFUSED', 5]])
    // With --root widened to the folder that holds it, it is read.
    assert.match(htmlOf(parse('mermaid::../outside.mmd[]', dir).sections[0]!.blocks[0]!), /data-diagram="mermaid"/)
  })
})
