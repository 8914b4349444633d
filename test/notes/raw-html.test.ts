import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
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
