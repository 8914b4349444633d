import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { stripJpeg, stripPng, withoutMetadata } from '../../src/assets/metadata.js'
import { safeName } from '../../src/core/paths.js'

const GPS = { IFD0: { Make: 'PhoneCo', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } }
const photo = (fmt: 'jpeg' | 'png' | 'webp') => sharp({ create: { width: 32, height: 24, channels: 3, background: '#c33' } })[fmt]().withExif(GPS).toBuffer()

describe('picture metadata', () => {
  it('drops EXIF from a JPEG without touching its pixels', async () => {
    const src = await photo('jpeg')
    assert.ok((await sharp(src).metadata()).exif, '(await sharp(src).metadata()).exif')
    const out = stripJpeg(src)!
    const m = await sharp(out).metadata()
    assert.equal(m.exif, undefined)
    assert.equal(m.width, 32)
    // The scan data (everything from the start-of-scan marker) is the same bytes.
    const sos = (b: Buffer) => b.subarray(b.indexOf(Buffer.from([0xff, 0xda])))
    assert.ok(sos(out).equals(sos(src)), 'sos(out).equals(sos(src))')
  })
  it('drops EXIF from a PNG, and from WebP by re-encoding', async () => {
    assert.equal((await sharp(stripPng(await photo('png'))!).metadata()).exif, undefined)
    assert.equal((await sharp(await withoutMetadata(await photo('webp'), 'webp')).metadata()).exif, undefined)
  })
  it('refuses what is not a well-formed JPEG or PNG', () => {
    assert.equal(stripJpeg(Buffer.from('not a jpeg')), undefined)
    assert.equal(stripPng(Buffer.from('not a png')), undefined)
    assert.equal(stripJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff])), undefined, 'a segment longer than the file')
  })
})

describe('folder names', () => {
  it('are safe on every file system', () => {
    assert.equal(safeName('DevoxxFR #2024'), 'DevoxxFR #2024')
    assert.equal(safeName('a:b?c*d<e>f|g"h'), 'a_b_c_d_e_f_g_h')
    assert.equal(safeName('CON'), 'CON_')
    assert.equal(safeName('lpt1.notes'), 'lpt1.notes_')
    assert.equal(safeName('notes. '), 'notes')
    assert.equal(safeName('...'), 'notes')
  })
})
