/**
 * Diagram blocks as Asciidoctor reads them: `[mermaid]` and `[graphviz]` on a
 * listing or literal block are marked for the build to draw, their source kept;
 * other diagram kinds stay listings with a warning on their line; a `[source,mermaid]`
 * listing is code, not a diagram.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
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
