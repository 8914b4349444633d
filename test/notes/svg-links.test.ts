/**
 * Links in inline SVG (passthrough blocks, math): only http(s), mailto and the
 * deck (#id) keep their target, however the target is written.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'
import { isSafeLink, safeSvgLinks } from '../../src/notes/svg-links.js'

/** The href and xlink:href values left on each <a> (null: none). */
const targets = (html: string) => [...html.matchAll(/<a\b(?:[^>"']|"[^"]*"|'[^']*')*>/gi)].map((m) => /\s(?:xlink:)?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))/i.exec(m[0])?.slice(1).find((v) => v !== undefined) ?? null)

describe('safe SVG links', () => {
  it('keeps the web, mail and the deck; takes off every other target', () => {
    for (const ok of ['https://example.org', 'HTTP://x', 'mailto:a@b.c', '#talk-2', '  https://x']) assert.ok(isSafeLink(ok), ok)
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:x', 'java\tscript:x', ' \u0001javascript:x', 'javascript&colon;x', '&#106;avascript:x', '&#x6A;avascript:x', 'data:text/html,x', 'file:///etc/passwd', 'vbscript:x', 'other.html', ''])
      assert.ok(!isSafeLink(bad), JSON.stringify(bad))
  })

  it('in an <svg>: href and xlink:href, quoted either way or not, in any case', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"><text>a</text></a><a xlink:href='javascript:alert(2)'>b</a><A HREF=javascript:alert(3)>c</A><a href="https://example.org">d</a><a xlink:href="#talk">e</a><a href = "mailto:a@b.c">f</a></svg>`
    const { html, removed } = safeSvgLinks(svg)
    assert.equal(removed, 3)
    assert.deepEqual(targets(html), [null, null, null, 'https://example.org', '#talk', 'mailto:a@b.c'])
    assert.match(html, /<text>a<\/text><\/a>/, 'the content of a link stays')
  })

  it('no target hides in another attribute, behind a ">" in a quoted value, or after a stray "="', () => {
    const svg = `<svg><a title="x>y" href="javascript:alert(1)">a</a><a =x href=javascript:alert(2)>b</a><a title='<svg>' href="javascript:alert(3)">c</a><a href="https://ok"href="javascript:alert(4)">d</a></svg>`
    const { html, removed } = safeSvgLinks(svg)
    assert.equal(removed, 4)
    assert.doesNotMatch(html, /javascript/i)
    assert.match(html, /title="x>y"/)
  })

  it('an animation that would set a target loses what it animates', () => {
    const { html } = safeSvgLinks(`<svg><a href="#a"><set attributeName="href" to="javascript:alert(1)"/><animate attributename="xlink:href" values="#a;javascript:alert(2)"/>x</a></svg>`)
    assert.doesNotMatch(html, /attributename/i)
    assert.equal(targets(html)[0], '#a')
  })

  it('outside an <svg>, HTML is the author\'s and left as written', () => {
    const html = '<a href="slides.pdf">pdf</a><svg><a href="javascript:x">in</a></svg><a href="notes.html">after</a>'
    assert.deepEqual(targets(safeSvgLinks(html).html), ['slides.pdf', null, 'notes.html'])
  })

  it('in the notes: a passthrough SVG loses its hostile links, with a warning on its line', () => {
    const doc = parseNotes(`= Links\n\n== Talks\n\n=== A talk\n\nPrésenté par Ada\n\n++++\n<svg width="100" height="20"><a href="javascript:alert(1)"><text y="15">click</text></a><a href="https://example.org"><text>web</text></a></svg>\n++++\n`, 'links.adoc')
    const html = JSON.stringify(doc.sections)
    assert.doesNotMatch(html, /javascript/i)
    assert.match(html, /https:\/\/example.org/)
    const w = doc.warnings.filter((x) => x.code === 'RAW_HTML')
    assert.deepEqual(w.map((x) => x.line), [9])
    assert.match(w[0]!.message, /1 link target in an inline SVG removed/)
  })
})
