/**
 * The Asciidoctor boundary (src/notes/asciidoc.ts with src/notes/converter.ts) on
 * footnotes, speaker-notes forms and math as people write them (issue 7).
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import type { Block, NotesDoc } from '../../src/notes/model.js'

const parse = (text: string): NotesDoc => parseNotes(text, 'notes.adoc')
const blocksOf = (doc: NotesDoc): Block[] => {
  const out: Block[] = [...doc.preamble]
  const walk = (s: NotesDoc['sections'][number]) => {
    out.push(...s.blocks)
    s.sections.forEach(walk)
  }
  doc.sections.forEach(walk)
  return out
}

describe('footnotes', () => {
  const doc = parse(`= Notes

== First

Latency dropped by half.footnote:[Measured on staging only.] Pools helped.footnote:pool[64 connections per node.]

== Second

Pools again.footnote:pool[] And a third.footnote:[Third *note*.]
`)
  const html = blocksOf(doc).filter((b) => b.kind === 'html')

  it('are numbered through the whole notes, as Asciidoctor numbers them (no restart per section)', () => {
    assert.deepEqual(
      html.map((b) => [...b.html.matchAll(/data-footnote="(\d+)">\[(\d+)\]/g)].map((m) => Number(m[2]))),
      [[1, 2], [2, 3]],
    )
  })

  it('carry their texts with the blocks that reference them', () => {
    assert.deepEqual(html[0]!.footnotes, [
      { n: 1, html: 'Measured on staging only.' },
      { n: 2, html: '64 connections per node.' },
    ])
    assert.deepEqual(html[1]!.footnotes, [
      { n: 2, html: '64 connections per node.' },
      { n: 3, html: 'Third <strong>note</strong>.' },
    ])
  })
})

describe('speaker notes', () => {
  it('takes every form asciidoctor-reveal.js documents, and nothing else', () => {
    const doc = parse(`= Notes

== A slide

Text.

[.notes]
--
Open block.
--

[.notes]
****
Sidebar.
****

[NOTE.speaker]
====
Admonition.
====

****
A sidebar that is not notes.
****

NOTE: An admonition that is not notes.
`)
    const blocks = blocksOf(doc)
    assert.deepEqual(
      blocks.filter((b) => b.kind === 'notes').map((b) => b.kind === 'notes' && b.text.trim()),
      ['Open block.', 'Sidebar.', 'Admonition.'],
    )
    assert.equal(blocks.filter((b) => b.kind === 'html').length, 3)
  })
})

describe('math', () => {
  it('is typeset into SVG, inline and block, with its source as text and no delimiters', () => {
    const doc = parse(`= Notes
:stem: latexmath

== Math

Sorting is stem:[O(n \\log n)], roots are asciimath:[sqrt(x)].

[stem]
++++
\\frac{a}{b} < 1
++++
`)
    const [p, block] = blocksOf(doc) as Array<Block & { kind: 'html' }>
    assert.doesNotMatch(p!.html + block!.html, /\\\(|\\\[|\\\$/)
    assert.equal((p!.html.match(/<svg /g) ?? []).length, 2)
    assert.match(p!.html, /<text [^>]*fill="transparent"[^>]*>O\(n \\log n\)<\/text>/)
    assert.match(block!.html, /class="content bbl-math-block"><svg [^>]*aria-label="\\frac\{a\}\{b\} &lt; 1"/)
    assert.match(p!.text, /O\(n \\log n\)/)
    assert.deepEqual(doc.warnings, [])
  })

  it('warns, with the line, about math MathJax cannot read', () => {
    const doc = parse(`= Notes

== Math

Fine text.

Broken latexmath:[\\frac{1}{2] formula.
`)
    assert.equal(doc.warnings.length, 1)
    assert.equal(doc.warnings[0]!.line, 7)
    assert.match(doc.warnings[0]!.message, /math cannot be typeset/)
  })
})
