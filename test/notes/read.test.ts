import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { decodeEntities, withoutXmlForbidden } from '../../src/core/text.js'
import { withoutControlCharacters } from '../../src/notes/read.js'

describe('characters XML forbids', () => {
  it('are removed from the notes, a warning for each line that held one', () => {
    const { text, warnings } = withoutControlCharacters('= Title\u0001\n\nfine line\ttab\r\nbad\u000b and\u000c\n\u000e\u001f\ufffe\uffff end\n')
    assert.equal(text, '= Title\n\nfine line\ttab\r\nbad and\n end\n')
    assert.deepEqual(
      warnings.map((w) => [w.code, w.line, /\((U\+[0-9A-F]{4}(?:, )?)+\)/.exec(w.message)![0]]),
      [
        ['CONTROL_CHARACTER', 1, '(U+0001)'],
        ['CONTROL_CHARACTER', 4, '(U+000B, U+000C)'],
        ['CONTROL_CHARACTER', 5, '(U+000E, U+001F, U+FFFE, U+FFFF)'],
      ],
    )
  })

  it('leave text without them as it is (tab, line feed and carriage return are allowed), however often asked', () => {
    const notes = '= T\n\ttab\r\n'
    for (let i = 0; i < 3; i++) assert.deepEqual(withoutControlCharacters(notes), { text: notes, warnings: [] })
    assert.equal(withoutXmlForbidden('a\u0000b\u0007c\u2028d'), 'abc\u2028d')
  })

  it('never come back through an entity; an entity past U+10FFFF stays as written instead of failing', () => {
    assert.equal(decodeEntities('a&#1;b&#x1F;c&#xFFFF;d &#65;'), 'abcd A')
    assert.equal(decodeEntities('&#1114112; &#x110000;'), '&#1114112; &#x110000;')
  })
})
