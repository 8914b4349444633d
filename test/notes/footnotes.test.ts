/**
 * Footnotes written in section titles (src/notes/footnotes.ts with the converter):
 * one numbering in the notes' order, the titles' texts kept, the sections' ids as
 * the reveal.js converter gives them.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import type { Block, NotesDoc, Section } from '../../src/notes/model.js'

const parse = (text: string): NotesDoc => parseNotes(text, 'notes.adoc')
const sectionsOf = (doc: NotesDoc): Section[] => doc.sections.flatMap((s) => [s, ...s.sections])
/** The numbers shown, in the order of the notes: each title, then its text. */
const shown = (doc: NotesDoc): number[] =>
  [doc.preamble.map((b) => (b.kind === 'photos' ? '' : b.html)).join(''), ...sectionsOf(doc).map((s) => s.title + s.blocks.map((b) => (b.kind === 'photos' ? '' : b.html)).join(''))]
    .join('')
    .match(/data-footnote="\d+">\[\d+\]/g)!
    .map((m) => Number(/\[(\d+)\]/.exec(m)![1]))
const html = (b: Block | undefined) => (b && b.kind === 'html' ? b : assert.fail('an html block'))

describe('footnotes in section titles', () => {
  const doc = parse(`= Deck

== Introductionfootnote:[On the introduction.]

Some text.footnote:[An example.]

== Footnotesfootnote:[On footnotes.]footnote:shared[Shared.]

A statement.footnote:[Some text.]

=== Nestedfootnote:[On nested.]

Again.footnote:shared[]
`)
  const [intro, fn, nested] = sectionsOf(doc)

  it('are numbered with the text, in the order the notes give them: no number is shown for two notes', () => {
    assert.deepEqual(shown(doc), [1, 2, 3, 4, 5, 6, 4])
  })

  it('carry their texts with their section, under the number the title shows', () => {
    assert.deepEqual(intro!.titleFootnotes, [{ n: 1, html: 'On the introduction.' }])
    assert.deepEqual(fn!.titleFootnotes, [
      { n: 3, html: 'On footnotes.' },
      { n: 4, html: 'Shared.' },
    ])
    assert.match(fn!.title, /^Footnotes<sup class="footnote" data-footnote="3">\[3\]<\/sup><sup class="footnote" data-footnote="4">\[4\]<\/sup>$/)
    assert.deepEqual(html(intro!.blocks[0]).footnotes, [{ n: 2, html: 'An example.' }])
  })

  it('a title\'s footnote:id[] referenced in the text is the same footnote, with its text', () => {
    assert.deepEqual(html(nested!.blocks[0]).footnotes, [{ n: 4, html: 'Shared.' }])
  })

  it('keep the ids the reveal.js converter gives (the title\'s footnotes counted from 1 per section), and plain titles', () => {
    assert.deepEqual(sectionsOf(doc).map((s) => s.id), ['_introduction1', '_footnotes12', '_nested1'])
    assert.deepEqual(sectionsOf(doc).map((s) => s.titleText), ['Introduction', 'Footnotes', 'Nested'])
  })

  it('a section with its own id keeps it, and its title\'s footnote its place in the order', () => {
    const own = parse('= D\n\nFirst.footnote:[P]\n\n[#mine]\n== Mine footnote:[T]\n\nBody.footnote:[B]\n')
    assert.equal(own.sections[0]!.id, 'mine')
    assert.deepEqual(own.sections[0]!.titleFootnotes, [{ n: 2, html: 'T' }])
    assert.deepEqual(html(own.sections[0]!.blocks[0]).footnotes, [{ n: 3, html: 'B' }])
  })

  it('a title\'s footnote:id[] used again in a later title is the same footnote too', () => {
    const again = parse('= D\n\n== Onefootnote:src[Source.]\n\nText.\n\n== Twofootnote:src[]\n\nMore.\n')
    assert.deepEqual(again.sections.map((s) => s.titleFootnotes), [[{ n: 1, html: 'Source.' }], [{ n: 1, html: 'Source.' }]])
    assert.deepEqual(again.sections.map((s) => s.id), ['_one1', '_two1'])
  })

  it('notes without footnotes in titles keep Asciidoctor\'s numbers', () => {
    const plain = parse('= D\n\n== A\n\nOne.footnote:[1]\n\n[.notes]\n--\nSaid.footnote:[2]\n--\n\n== B\n\nTwo.footnote:[3]\n')
    assert.deepEqual(shown(plain), [1, 2, 3])
    const notes = plain.sections[0]!.blocks[1]!
    assert.ok(notes.kind === 'notes', "notes.kind === 'notes'")
    assert.match(notes.html, /<p class="bbl-footnote"><sup>2<\/sup> 2<\/p>/)
  })

  it('the document title\'s footnotes come first, and stay out of its plain text (the kicker, the page title)', () => {
    const d = parse('= DevFest 2025 footnote:[Nantes, 14 November.]\n\n== Talks\n\n=== First footnote:[Moved.]\n\nText.footnote:[Plain.]\n')
    assert.deepEqual(d.titleFootnotes, [{ n: 1, html: 'Nantes, 14 November.' }])
    assert.match(d.title, /^DevFest 2025 <sup class="footnote" data-footnote="1">\[1\]<\/sup>$/)
    assert.equal(d.titleText, 'DevFest 2025')
    assert.deepEqual(d.sections[0]!.sections[0]!.titleFootnotes, [{ n: 2, html: 'Moved.' }])
    assert.deepEqual(html(d.sections[0]!.sections[0]!.blocks[0]).footnotes, [{ n: 3, html: 'Plain.' }])
  })

  it('a title\'s footnote:id[] can be referred to from the text: the same footnote', () => {
    const d = parse('= DevFest 2025 footnote:venue[Nantes.]\n\nAs said.footnote:venue[]\n\n== Talks\n\n=== One\n\nText.\n')
    assert.deepEqual(d.titleFootnotes, [{ n: 1, html: 'Nantes.' }])
    assert.deepEqual(html(d.preamble[0]).footnotes, [{ n: 1, html: 'Nantes.' }])
    assert.deepEqual(d.warnings, [])
  })

  it('with :notitle:, the title\'s footnotes are shown nowhere and take no number', () => {
    const d = parse('= Plain footnote:[Never shown.]\n:notitle:\n\n== First\n\nText.footnote:[Shown.]\n')
    assert.equal(d.titleFootnotes, undefined)
    assert.doesNotMatch(d.title, /footnote/)
    assert.deepEqual(html(d.sections[0]!.blocks[0]).footnotes, [{ n: 1, html: 'Shown.' }])
  })
})
