/** Slide photos in a build: which are looked at, what is written, what the cache spares. */
import assert from 'node:assert/strict'
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { prepareImages } from '../../../src/assets/pictures.js'
import { slidePhotoSources } from '../../../src/assets/photos/index.js'
import { parseNotes } from '../../../src/notes/asciidoc.js'
import { noScreenPhotos, screenPhoto } from './testset.js'
import { scratch } from '../../helpers/scratch.js'
import { seal } from '../../../src/cache/store.js'

const NOTES = `= Conf

== Talk

image::room.jpg[]

[.raw]
image::kept.jpg[]

image:inline-raw.jpg[role=raw] image:inline.jpg[]

A paragraph with image:in-text.png[] inside.

[background-image=bg.jpg]
== Closing
`

describe('slide photos', () => {
  it('are image blocks and paragraphs of inline images, less those marked raw; never pictures in text or backgrounds', () => {
    const doc = parseNotes(NOTES, '/tmp/conf.adoc')
    assert.deepEqual([...slidePhotoSources(doc)].sort(), ['inline.jpg', 'room.jpg'])
  })

  it('are straightened when a screen is found; the photo as taken is kept (without EXIF/GPS), the rest is copied as before; a rebuild reads the cache', async () => {
    const root = await scratch('bbl-photos-')
    await mkdir(path.join(root, 'images'), { recursive: true })
    const shot = await screenPhoto(0)
    // A phone photo with a GPS position in its EXIF.
    const withGps = await sharp(shot.data).withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } }).jpeg().toBuffer()
    assert.ok((await sharp(withGps).metadata()).exif, 'the fixture carries EXIF')
    await writeFile(path.join(root, 'images', 'room.jpg'), withGps)
    const venue = (await noScreenPhotos()).find((c) => c.name.startsWith('none-venue'))!
    await writeFile(path.join(root, 'images', 'venue.jpg'), venue.data)
    const refs = ['room.jpg', 'venue.jpg'].map((t, i) => ({ src: t, target: t, line: i + 1, alt: '' }))
    const cacheDir = path.join(root, 'dist', '.bbl-cache', 'photos')
    const ctx = { docdir: root, cwd: root, name: 'conf', photos: { cacheDir, sources: new Set(['room.jpg', 'venue.jpg']) } }

    const out1 = path.join(root, 'out1')
    const first = await prepareImages(refs, ctx, out1)
    const room = first.table.get('room.jpg')!
    assert.equal(room.output, 'images/room.jpg')
    assert.equal(room.original, 'images/room.original.jpg')
    assert.equal(room.photo?.corrected, true)
    assert.ok(Math.abs(room.width! / room.height! - 4 / 3) < 0.01, `4:3 slide, got ${room.width}×${room.height}`)
    const fixed = await sharp(path.join(out1, 'images', 'room.jpg')).metadata()
    assert.deepEqual([fixed.width, fixed.height], [room.width, room.height])
    const kept = await sharp(path.join(out1, 'images', 'room.original.jpg')).metadata()
    assert.deepEqual([kept.width, kept.height, kept.exif], [shot.width, shot.height, undefined])
    assert.equal(fixed.exif, undefined)

    const v = first.table.get('venue.jpg')!
    assert.deepEqual([v.output, v.original, v.photo?.corrected], ['images/venue.jpg', undefined, false])
    assert.deepEqual(await readFile(path.join(out1, 'images', 'venue.jpg')), venue.data, 'left alone: copied as taken')
    assert.deepEqual((await readdir(path.join(out1, 'images'))).sort(), ['room.jpg', 'room.original.jpg', 'venue.jpg'])

    // The cache is what a rebuild uses: plant a marker in it and see it come out.
    const marker = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#f00' } }).jpeg().toBuffer()
    const fixedInCache = (await readdir(cacheDir)).filter((f) => f.endsWith('.fixed'))
    assert.equal(fixedInCache.length, 1)
    await writeFile(path.join(cacheDir, fixedInCache[0]!), seal(marker))
    const out2 = path.join(root, 'out2')
    const second = await prepareImages(refs, ctx, out2)
    assert.deepEqual(await readFile(path.join(out2, 'images', 'room.jpg')), marker)
    assert.deepEqual(second.table.get('room.jpg'), room)
  })

  it('are left as they are without photo options (--photos off)', async () => {
    const root = await scratch('bbl-photos-')
    const shot = await screenPhoto(1)
    await writeFile(path.join(root, 'room.jpg'), shot.data)
    const { table } = await prepareImages([{ src: 'room.jpg', target: 'room.jpg', alt: '' }], { docdir: root, cwd: root, name: 'conf' }, path.join(root, 'out'))
    assert.deepEqual(table.get('room.jpg'), { src: 'room.jpg', target: 'room.jpg', status: 'ok', output: 'images/room.jpg', width: shot.width, height: shot.height })
    assert.deepEqual(await readFile(path.join(root, 'out', 'images', 'room.jpg')), shot.data)
  })

  it('keep the photo as taken without location or device data: upright, its pixels and colour profile untouched', async () => {
    const root = await scratch('bbl-photos-')
    const shot = await screenPhoto(2)
    // A phone photo: GPS and device in its EXIF, XMP, an IPTC segment (APP13) and a colour profile.
    const tagged = await sharp(shot.data)
      .withIccProfile('p3')
      .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } })
      .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:City="Paris"/></rdf:RDF></x:xmpmeta>')
      .jpeg({ quality: 90 })
      .toBuffer()
    const iptcBody = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), Buffer.from('8BIM\x04\x04\0\0\0\0\0\x0b\x1c\x02\x5a\0\x05Paris\0', 'latin1')])
    const app13 = Buffer.concat([Buffer.from([0xff, 0xed, (iptcBody.length + 2) >> 8, (iptcBody.length + 2) & 0xff]), iptcBody])
    const upright = Buffer.concat([tagged.subarray(0, 2), app13, tagged.subarray(2)])
    const given = await sharp(upright).metadata()
    assert.ok(given.exif && given.xmp && given.iptc && given.icc, 'the fixture carries EXIF, XMP, IPTC and a profile')
    // The same photo stored turned by the camera: its pixels on their side, EXIF orientation 6.
    const sideways = await sharp(shot.data).rotate(-90).withMetadata({ orientation: 6 }).withExifMerge({ IFD0: { Make: 'PhoneMaker' } }).jpeg({ quality: 90 }).toBuffer()
    assert.equal((await sharp(sideways).metadata()).orientation, 6)
    await mkdir(path.join(root, 'images'), { recursive: true })
    await writeFile(path.join(root, 'images', 'upright.jpg'), upright)
    await writeFile(path.join(root, 'images', 'sideways.jpg'), sideways)
    const refs = ['upright.jpg', 'sideways.jpg'].map((t, i) => ({ src: t, target: t, line: i + 1, alt: '' }))
    const ctx = { docdir: root, cwd: root, name: 'conf', photos: { sources: new Set(['upright.jpg', 'sideways.jpg']) } }
    const out = path.join(root, 'out')
    const { table } = await prepareImages(refs, ctx, out)
    assert.equal(table.get('upright.jpg')?.original, 'images/upright.original.jpg')
    assert.equal(table.get('sideways.jpg')?.original, 'images/sideways.original.jpg')

    const kept = await readFile(path.join(out, 'images', 'upright.original.jpg'))
    const km = await sharp(kept).metadata()
    assert.deepEqual([km.exif, km.xmp, km.iptc], [undefined, undefined, undefined])
    for (const secret of ['PhoneMaker', 'Phone 12', 'Paris', 'GPS']) assert.ok(!kept.includes(secret), `${secret} is gone`)
    assert.deepEqual(km.icc, given.icc, 'the colour profile is kept')
    const pixels = async (b: Buffer) => (await sharp(b).raw().toBuffer()).toString('base64')
    assert.equal(await pixels(kept), await pixels(upright), 'the same pixels: not re-encoded')

    const turned = await readFile(path.join(out, 'images', 'sideways.original.jpg'))
    const tm = await sharp(turned).metadata()
    assert.deepEqual([tm.width, tm.height, tm.orientation ?? 1, tm.exif], [shot.width, shot.height, 1, undefined], 'turned upright, without EXIF')
    assert.ok(!turned.includes('PhoneMaker'), "!turned.includes('PhoneMaker')")
  })
})
