/**
 * Diagram blocks as Asciidoctor reads them: `[mermaid]` and `[graphviz]` on a
 * listing or literal block are marked for the build to draw, their source kept;
 * other diagram kinds stay listings with a warning on their line; a `[source,mermaid]`
 * listing is code, not a diagram. Block macros (`mermaid::flow.mmd[]`) read their
 * file and make the same blocks.
 */
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import type { Block } from '../../src/notes/model.js'

const NOTES = `= Deck

== Slide

[mermaid]
....
graph LR
    A[x < y] --> B
....

.Build order
[graphviz, deps, svg]
----
digraph { a -> b }
----

[ditaa]
----
+---+
| A |
+---+
----

[source,mermaid]
----
graph TD
----
`

const htmlOf = (b: Block) => (b.kind === 'photos' ? '' : b.html)

describe('diagram blocks', () => {
  const doc = parseNotes(NOTES, 'deck.adoc', '/tmp')
  const html = doc.sections[0]!.blocks.map(htmlOf)

  it('marks [mermaid] and [graphviz] blocks with their kind, line and escaped source', () => {
    assert.match(html[0]!, /class="listingblock bbl-diagram-source" data-diagram="mermaid" data-line="6"/)
    assert.match(html[0]!, /<pre>graph LR\n {4}A\[x &lt; y\] --&gt; B<\/pre>/)
    assert.match(html[1]!, /data-diagram="graphviz" data-line="13"><div class="title">Build order<\/div>/)
  })

  it('leaves other diagram kinds as listings, with a warning on their line', () => {
    assert.doesNotMatch(html[2]!, /data-diagram/)
    assert.match(html[2]!, /\| A \|/)
    const w = doc.warnings.filter((x) => x.code === 'DIAGRAM')
    assert.equal(w.length, 1)
    assert.equal(w[0]!.line, 18)
    assert.match(w[0]!.message, /^\[ditaa\] diagram shown as its source/)
  })

  it('keeps [source,mermaid] as code', () => {
    assert.doesNotMatch(html[3]!, /data-diagram/)
    assert.match(html[3]!, /language-mermaid/)
  })
})

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
