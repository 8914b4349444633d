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
})
