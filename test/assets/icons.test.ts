import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { findIcon, inlineIcons } from '../../src/assets/icons.js'
import { loadNotes, parseNotes } from '../../src/notes/asciidoc.js'

const root = path.resolve(import.meta.dirname, '..', '..')
const htmlOf = (doc: Awaited<ReturnType<typeof inlineIcons>>['doc']) =>
  doc.sections.flatMap(function all(s): string[] {
    return [s.title, ...s.blocks.map((b) => (b.kind === 'photos' ? '' : b.html)), ...s.sections.flatMap(all)]
  }).join('\n')

describe('font icons', () => {
  it('draws each icon: macro as Font Awesome Free SVG, with its size, width, rotation, flip and title', async () => {
    const { doc, warnings } = await inlineIcons(await loadNotes('test/fixtures/icons.adoc', root))
    const html = htmlOf(doc)
    assert.doesNotMatch(html, /<i class="fa[^"]*"><\/i>/, 'no icon is left to a web font')
    const svgs = [...html.matchAll(/<svg class="([^"]*)" viewBox="[\d. ]+"[^>]*>.*?<\/svg>/g)]
    assert.equal(svgs.length, 13)
    const classes = svgs.map((m) => m[1]).sort()
    for (const c of ['bbl-icon fa-2x', 'bbl-icon fa-5x', 'bbl-icon fa-fw', 'bbl-icon fa-lg', 'bbl-icon fa-rotate-90', 'bbl-icon fa-flip-vertical']) {
      assert.ok(classes.includes(c), `${c} in ${classes.join(', ')}`)
    }
    assert.match(html, /<span class="icon red"><svg class="bbl-icon fa-2x"/)
    assert.match(html, /role="img" aria-label="Launch"><title>Launch<\/title><path/)
    assert.deepEqual(warnings.map((w) => [w.code, w.line]), [['ICON_UNKNOWN', 23]])
    assert.match(warnings[0]!.message, /"unicorn-rainbow"/)
    assert.match(html, /\[unicorn-rainbow\]/, 'an unknown icon keeps its name on the slide')
  })

  it('finds Font Awesome 4 names the converter and older notes use', async () => {
    for (const name of ['info-circle', 'lightbulb-o', 'star-o', 'exclamation-triangle', 'twitter', 'github', 'refresh']) {
      assert.match((await findIcon(name, 'fa')) ?? '', /^<svg/, name)
    }
    assert.match((await findIcon('github', 'fab')) ?? '', /^<svg/)
    assert.equal(await findIcon('no-such-icon-anywhere', 'fa'), undefined)
    assert.equal(await findIcon('../../package', 'fa'), undefined)
  })

  it('leaves text icons alone when :icons: is not font, and admonition icons to the stylesheet', async () => {
    const plain = await inlineIcons(await loadNotes('test/fixtures/icons-text.adoc', root))
    const html = htmlOf(plain.doc)
    assert.doesNotMatch(html, /<svg/)
    assert.match(html, /<div class="title">Note<\/div>/)
    assert.match(html, /\[heart&#93;|\[heart\]/)
    assert.deepEqual(plain.warnings, [])
    const font = await inlineIcons(parseNotes('= T\n:icons: font\n\n== A\n\nNOTE: Hi\n', '/tmp/x.adoc'))
    assert.match(htmlOf(font.doc), /<td class="icon"><i class="fa fa-info-circle" title="Note"><\/i><\/td>/)
  })
})
