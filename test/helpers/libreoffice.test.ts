/** The checks of test/helpers/libreoffice.ts find what they look for, and only that. */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { coverageWords, cuts, overlaps, parseBbox, sofficeSkip } from './libreoffice.js'

const word = (text: string, x0: number, y0: number, x1: number, y1: number) => `<word xMin="${x0}" yMin="${y0}" xMax="${x1}" yMax="${y1}">${text}</word>`
const page = (...blocks: string[][][]) =>
  `<doc><page width="960" height="540">${blocks.map((b) => `<flow><block>${b.map((l) => `<line>${l.join('')}</line>`).join('')}</block></flow>`).join('')}</page></doc>`

describe('LibreOffice checks', () => {
  it('finds a word printed over a word of another line, not lines that merely touch', () => {
    const over = parseBbox(page([[word('Monitoring', 10, 100, 120, 130)]], [[word('Présenté', 60, 110, 140, 140)]]))
    assert.deepEqual(overlaps(over), [{ page: 1, a: 'Monitoring', b: 'Présenté' }])
    // A tight paragraph: each word box is the font's height, a little more than the line.
    const touching = parseBbox(page([[word('Conférences', 10, 48, 250, 91)], [word('2018', 10, 86, 80, 129)]]))
    assert.deepEqual(overlaps(touching), [])
  })

  it('finds a word cut between the end of a line and the start of the next, not two words, a hyphen or CJK', () => {
    const lines = [
      [word('Overvie', 10, 10, 100, 40)],
      [word('w', 10, 40, 20, 70), word('and', 30, 40, 60, 70)],
      [word('more', 10, 70, 60, 100)],
      [word('real-', 10, 100, 60, 130)],
      [word('time', 10, 130, 60, 160), word('一致性模型决定', 70, 130, 200, 160)],
      [word('了客户端', 10, 160, 100, 190)],
    ]
    const text = 'Overview and more real-time 一致性模型决定了客户端 and-more'
    assert.deepEqual(cuts(parseBbox(page(lines)), [text]), [{ page: 1, end: 'Overvie', start: 'w' }])
  })

  it('counts words as a reader does: CJK by character, right-to-left text without its direction marks', () => {
    assert.deepEqual(coverageWords('\u202bKafka\u202cيحتوي 一致性'), ['kafka', 'يحتوي', '一', '致', '性'])
  })

  it('skips without LibreOffice, saying so, except under CI, where a missing LibreOffice fails', () => {
    assert.match(String(sofficeSkip({ env: {}, found: null })), /not installed/)
    assert.throws(() => sofficeSkip({ env: { CI: 'true' }, found: null }), /CI/)
    assert.equal(sofficeSkip({ env: { CI: 'true' }, found: '/usr/bin/soffice' }), false)
  })
})
