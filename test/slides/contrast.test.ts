import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { AA, contrast, inkFor, luminance, paletteFor, parseColour, pictureBackdrop, type Rgb } from '../../src/slides/contrast.js'

const rgbOf = (hex: string): Rgb => parseColour(hex)!

describe('parseColour', () => {
  it('reads the colours authors write as backgrounds', () => {
    assert.deepEqual(parseColour('#0b3d2e'), [11, 61, 46])
    assert.deepEqual(parseColour('#FFF'), [255, 255, 255])
    assert.deepEqual(parseColour('#0b3d2e80'), [11, 61, 46])
    assert.deepEqual(parseColour('rgb(10, 20, 30)'), [10, 20, 30])
    assert.deepEqual(parseColour('rgba(10 20 30 / 50%)'), [10, 20, 30])
    assert.deepEqual(parseColour('hsl(120, 100%, 25%)'), [0, 128, 0])
    assert.deepEqual(parseColour('DarkSlateGray'), [47, 79, 79])
  })
  it('gives nothing for what is not a colour', () => {
    for (const s of ['', 'transparent-ish', '#12', 'url(x.png)', 'rgb(1, 2)', 'var(--x)']) assert.equal(parseColour(s), undefined, s)
  })
})

describe('paletteFor', () => {
  it('keeps every text colour at AA or more on any background, and on the boxes behind text', () => {
    // Every 17th step of each channel: 4,096 backgrounds, the mid-greys where neither ink is comfortable among them.
    const worst: Array<[string, number]> = []
    for (let r = 0; r < 256; r += 17) {
      for (let g = 0; g < 256; g += 17) {
        for (let b = 0; b < 256; b += 17) {
          const bg: Rgb = [r, g, b]
          const p = paletteFor(bg)
          const soft = rgbOf(p['--bbl-soft']!)
          for (const v of ['--bbl-fg', '--bbl-muted', '--bbl-accent', '--r-heading-color', '--r-link-color']) {
            for (const under of [bg, soft]) {
              const c = contrast(rgbOf(p[v]!), under)
              if (c < AA) worst.push([`${v} on ${p['--bbl-bg']}`, c])
            }
          }
        }
      }
    }
    assert.deepEqual(worst, [])
  })
  it('writes light text on the dark green of the issue, dark text on yellow', () => {
    assert.equal(paletteFor(rgbOf('#0b3d2e'))['--bbl-fg'], '#ffffff')
    assert.equal(paletteFor(rgbOf('yellow'))['--bbl-fg'], '#000000')
    assert.ok(contrast(inkFor(luminance([118, 118, 118])), [118, 118, 118]) >= AA, 'contrast(inkFor(luminance([118, 118, 118])), [118, 118, 118]) >= AA')
  })
})

describe('pictureBackdrop', () => {
  it('needs no scrim on an even dark picture, and one on a picture both black and white', () => {
    assert.equal(pictureBackdrop({ mean: [26, 31, 58], darkest: 0.01, lightest: 0.03 }).scrim, undefined)
    const split = pictureBackdrop({ mean: [128, 128, 128], darkest: 0, lightest: 1 })
    assert.match(split.scrim ?? '', /^rgba?\(/)
  })
})
