import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { facesOf, metricFaces } from '../../src/pptx/fonts.js'

describe('metric-compatible fonts', () => {
  it('reads a fontsource CSS file\'s faces: style, weight, unicode range, WOFF2 file', () => {
    const css = `/* x */
@font-face {
  font-family: 'Carlito';
  font-style: italic;
  font-weight: 700;
  src: url(./files/carlito-latin-700-italic.woff2) format('woff2'), url(./files/carlito-latin-700-italic.woff) format('woff');
  unicode-range: U+0000-00FF,U+0131;
}`
    assert.deepEqual(facesOf(css), [{ style: 'italic', weight: '700', unicodeRange: 'U+0000-00FF,U+0131', file: './files/carlito-latin-700-italic.woff2' }])
  })

  it('has Carlito (text) and Cousine (code) in regular, italic, bold and bold italic, Latin included, as WOFF2', async () => {
    const faces = await metricFaces()
    for (const kind of ['text', 'mono'] as const) {
      for (const [style, weight] of [['normal', '400'], ['italic', '400'], ['normal', '700'], ['italic', '700']]) {
        const mine = faces.filter((f) => f.kind === kind && f.style === style && f.weight === weight)
        assert.ok(mine.some((f) => f.unicodeRange.startsWith('U+0000-00FF')), `${kind} ${style} ${weight}: a Latin face`)
        for (const f of mine) assert.equal(Buffer.from(f.data, 'base64').subarray(0, 4).toString('latin1'), 'wOF2')
      }
    }
  })
})
