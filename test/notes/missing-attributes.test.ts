/**
 * A `{reference}` to an attribute nobody defined (src/notes/missing-attributes.ts):
 * a warning on its block's line, and the reference never on a slide.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseNotes } from '../../src/notes/asciidoc.js'

const NOTES = `= Notes
:known: Known

== A

See {ref-c4} and {known}.

----
a literal {ref-c4} in code stays
----
`

describe('references to undefined attributes', () => {
  const d = parseNotes(NOTES, 'n.adoc')
  const html = d.sections[0]!.blocks.map((b) => (b.kind === 'html' ? b.html : '')).join('\n')

  it('are left out of the text, and the rest resolves', () => {
    assert.match(html, /See\s+and Known\./)
    assert.doesNotMatch(html.split('<pre')[0]!, /\{ref-c4\}/)
  })

  it('leave code listings as written', () => {
    assert.match(html, /a literal \{ref-c4\} in code stays/)
  })

  it('are a warning on the paragraph\'s line that says how to define them', () => {
    assert.deepEqual(d.warnings, [{ code: 'ATTRIBUTE_MISSING', line: 6, message: '{ref-c4} is not defined and is left out; define :ref-c4: in the notes or pass -a ref-c4=VALUE' }])
  })

  it('are defined from the command line with -a', () => {
    const withA = parseNotes(NOTES, 'n.adoc', process.cwd(), { attributes: { 'ref-c4': 'the C4 model' } })
    assert.deepEqual(withA.warnings, [])
    assert.match(JSON.stringify(withA.sections[0]!.blocks), /See the C4 model and Known/)
  })
})

describe('references to undefined attributes in a section title', () => {
  it('are left out of the title, with a warning on the heading\'s line', () => {
    const d = parseNotes('= Notes\n\n== Notes on {product-name} internals\n\nText.\n', 'n.adoc')
    assert.equal(d.sections[0]!.titleText, 'Notes on internals')
    assert.deepEqual(d.warnings.map((w) => [w.code, w.line]), [['ATTRIBUTE_MISSING', 3]])
  })
})
