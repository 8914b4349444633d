import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { neutraliseRawHtml } from '../../src/notes/raw-html.js'

describe('neutraliseRawHtml (issue 8, rule 1)', () => {
  it('leaves HTML without <section> or <style> as it is', () => {
    assert.deepEqual(neutraliseRawHtml('<p>hi</p>'), { parts: ['<p>hi</p>'], unwrapped: false, styles: false, links: 0, script: false })
  })
  it('turns each top-level <section> into a block of its own, attributes kept, nothing nested left', () => {
    const r = neutraliseRawHtml('<p>a</p>\n<section data-auto-animate><pre>x</pre><section>in</section></section>\n<section id="b">b</section>')
    assert.equal(r.unwrapped, true)
    assert.deepEqual(r.parts, [
      '<p>a</p>',
      '<div class="bbl-raw-section" data-auto-animate><pre>x</pre><div class="bbl-raw-section">in</div></div>',
      '<div class="bbl-raw-section" id="b">b</div>',
    ])
    assert.ok(r.parts.every((p) => !/<\/?section/.test(p)), 'no section tag is left')
  })
  it('closes an unclosed <section>, drops a stray </section>, leaves out <style>', () => {
    assert.deepEqual(neutraliseRawHtml('</section><section>x').parts, ['<div class="bbl-raw-section">x</div>'])
    assert.deepEqual(neutraliseRawHtml('<style>.a{}</style>'), { parts: [], unwrapped: false, styles: true, links: 0, script: false })
  })
})

describe('raw HTML outside passthrough blocks', () => {
  // As a published write-up has it (Dev-Mind's dotCSS 2017 report, test/fixtures/real/devmind/dotcss.adoc): a listing
  // whose escaping is off holds a real <link> element, which Asciidoctor passes through.
  const notes = '= Deck\n\n== Slide\n\n[source, css, subs="none"]\n----\n<link href="https://fonts.googleapis.com/css?family=Lato" rel="stylesheet">\n----\n\n----\n<link href="x.css">\n----\n'
  const doc = parseNotes(notes, 'deck.adoc', '/tmp')
  const [unescaped, escaped] = doc.sections[0]!.blocks.map((b) => (b.kind === 'photos' ? '' : b.html))

  it('is made harmless as a passthrough block\'s is: a <link> is left out, with a warning on its line', () => {
    assert.doesNotMatch(unescaped!, /<link/)
    assert.deepEqual(doc.warnings.map((w) => [w.code, w.line]), [['UNSUPPORTED', 6]])
  })
  it('leaves a listing that escapes its text as it is', () => {
    assert.match(escaped!, /&lt;link href="x\.css"&gt;/)
  })
})
