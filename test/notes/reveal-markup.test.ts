/**
 * asciidoctor-reveal.js markup in notes (issue 8), read at the Asciidoctor boundary:
 * pure checks on small notes; test/build/conformance.e2e.test.ts checks the decks.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { mapConference } from '../../src/notes/conference.js'

const parse = (text: string) => parseNotes(text, '/tmp/reveal.adoc')

describe('asciidoctor-reveal.js markup', () => {
  it('hidden titles: == !, [%notitle], [%conceal]', () => {
    const doc = parse('= D\n\n== !\n\nA\n\n[%notitle]\n== B\n\nb\n\n[%conceal]\n== C\n\nc\n\n== Shown\n\nd\n')
    assert.deepEqual(doc.sections.map((s) => s.hideTitle), [true, true, true, false])
  })

  it('image::x[background, size=cover] is the section\'s background, not a photo; a remote one is dropped with a warning', () => {
    const doc = parse('= D\n\n== A\n\nimage::cover.jpg[background, size=cover]\n\n== B\n\nimage::https://example.com/x.jpg[canvas]\n')
    assert.deepEqual(doc.sections[0]!.slideAttributes, { 'background-image': 'cover.jpg', 'background-size': 'cover' })
    assert.deepEqual(doc.sections[0]!.blocks, [])
    assert.deepEqual(doc.sections[1]!.slideAttributes, {})
    assert.deepEqual(doc.warnings.map((w) => [w.code, w.line]), [['REMOTE_EMBED', 7]])
  })

  it('an image the author sized or placed stays in the text; a bare one is a photo', () => {
    const doc = parse('= D\n\n== A\n\nimage::a.png[width=400px,float=right]\n\n[.stretch]\nimage::b.png[]\n\nimage::c.png[]\n')
    assert.deepEqual(doc.sections[0]!.blocks.map((b) => b.kind), ['html', 'html', 'photos'])
  })

  it('speaker notes in every form the converter documents', () => {
    const doc = parse('= D\n\n== A\n\nx\n\n[.notes]\n****\nsidebar\n****\n\n[NOTE.speaker]\n--\nold\n--\n\n[.aside]\n--\naside\n--\n')
    assert.deepEqual(doc.sections[0]!.blocks.map((b) => b.kind), ['html', 'notes', 'notes', 'notes'])
  })

  it('a raw <section> is unwrapped with a warning and its line', () => {
    const doc = parse('= D\n\n== A\n\n++++\n<section><p>one</p></section>\n<section><p>two</p></section>\n++++\n')
    assert.equal(doc.sections[0]!.blocks.length, 2)
    assert.deepEqual(doc.warnings.map((w) => [w.code, w.line]), [['RAW_HTML', 5]])
  })

  it(':notitle: and :title-slide-background-*: set the title slide; notes without them keep it', () => {
    assert.deepEqual(parse('= D\n:notitle:\n:title-slide-background-color: red\n\n== A\n\nx\n').titleSlide, { hidden: true, attributes: { 'background-color': 'red' } })
    assert.deepEqual(parse('= D\n\n== A\n\nx\n').titleSlide, { hidden: false, attributes: {} })
  })

})

describe('plain deck or conference notes (rule 8)', () => {
  const talkTitled = '= D\n\n== Talk recording\n\nWhere to watch it.\n\n== Other\n\nx\n'
  it('notes with talks are notes; a document without is a plain deck', () => {
    assert.equal(mapConference(parse('= C\n\n== Talks\n\n=== One\n\nPresented by Ann\n\n=== Two\n\nBy Bob Smith\n')).kind, 'notes')
    assert.equal(mapConference(parse('= D\n\n== A\n\nx\n\n== B\n\ny\n')).kind, 'deck')
  })
  it('--as deck reads a section titled "Talk recording" as a slide, not a talk; --as notes forces notes', () => {
    const asDeck = mapConference(parse(talkTitled), 'deck')
    assert.equal(asDeck.kind, 'deck')
    assert.equal(asDeck.talks.length, 0)
    assert.equal(mapConference(parse('= D\n\n== A\n\nx\n'), 'notes').kind, 'notes')
  })
})

describe('deck settings (rule 7)', () => {
  it('each documented setting bbl does not follow is reported once, by name; [%auto-animate] is followed', () => {
    const doc = parse('= D\n:revealjs_theme: white\n:customcss: my.css\n:revealjs_slideNumber: true\n:docinfo: shared\n\n[%auto-animate]\n== A\n\nx\n')
    assert.deepEqual(
      doc.warnings.map((w) => w.message.replace(/ is not followed.*/, '')),
      [':customcss:', ':docinfo:', ':revealjs_slidenumber:'],
    )
    // The author's theme is read, for a plain deck to follow (src/assets/author-theme.ts), not reported here.
    assert.deepEqual(doc.authorTheme, { theme: 'white' })
    assert.equal(doc.sections[0]!.slideAttributes['auto-animate'], '')
  })
})
