/**
 * bbl images, through the command line in-process and real Chromium: one
 * picture per slide of every deck, at 1280×720 × --scale, the same bytes on two
 * runs, a thumbnail per deck that the landing page shows.
 */
import assert from 'node:assert/strict'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import sharp from 'sharp'
import { bblMain } from '../helpers/cli.js'
import type { Manifest } from '../../src/index.js'

const repo = path.resolve(import.meta.dirname, '..', '..')
let tmp: string

const NOTES = `= Cloud Days 2025
Noor Writer
:lang: en
:imagesdir: images

== Overview

* Two tracks, one day.
* Good coffee.

== Talks

=== Serverless at the edge - NIMBUS (EN)

Presented by Rita Gomez

==== Notes

* Cold starts matter less than you think.
* Measure p99, not averages.

image::talk-photo-05.jpg[The speaker's latency chart]

=== Observability on a budget

Speaker: Tom Ueda

==== Notes

. Logs first.
. Then traces.
. Metrics last.
`

const bbl = (args: string[]) => bblMain(args, tmp)

/** Every slide picture of a built notes folder: deck file → its pictures' bytes, in file order. */
async function pictures(dir: string, m: Manifest, ext: string): Promise<Map<string, Buffer[]>> {
  const out = new Map<string, Buffer[]>()
  for (const d of m.decks) {
    const folder = path.join(dir, d.file === 'index.html' ? 'slides' : `${d.file.replace(/\.html$/, '')}/slides`)
    const files = (await readdir(folder)).sort()
    assert.ok(files.every((f) => f.endsWith(`.${ext}`)), files.join(' '))
    assert.deepEqual(files, files.map((_, i) => `${String(i + 1).padStart(3, '0')}.${ext}`))
    out.set(d.file, await Promise.all(files.map((f) => readFile(path.join(folder, f)))))
  }
  return out
}

/** How far apart two pictures of the same size are: the largest difference of a channel, and the share of pixels that differ. */
async function shadeDifference(a: Buffer, b: Buffer): Promise<{ max: number; share: number }> {
  const x = await sharp(a).raw().toBuffer({ resolveWithObject: true })
  const y = await sharp(b).raw().toBuffer()
  assert.equal(x.data.length, y.length)
  let max = 0
  let differ = 0
  for (let i = 0; i < y.length; i++) {
    const d = Math.abs(x.data[i]! - y[i]!)
    if (d > 0) differ++
    max = Math.max(max, d)
  }
  return { max, share: differ / y.length }
}

describe('bbl images', () => {
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'bbl-images-'))
    await mkdir(path.join(tmp, 'images'))
    await writeFile(path.join(tmp, 'cloud-days.adoc'), NOTES)
    await cp(path.join(repo, 'test', 'fixtures', 'images', 'talk-photo-05.jpg'), path.join(tmp, 'images', 'talk-photo-05.jpg'))
  })
  after(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true })
  })

  it('one picture per slide at 1280×720 × scale, identical on two runs, and a thumbnail per deck', async () => {
    const runs: Array<Map<string, Buffer[]>> = []
    let manifest: Manifest | undefined
    for (const out of ['a', 'b']) {
      const r = await bbl(['images', 'cloud-days.adoc', '--out', out, '--scale', '0.5'])
      assert.equal(r.code, 0, r.stderr)
      const dir = path.join(tmp, out, 'cloud-days')
      manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
      const pics = await pictures(dir, manifest, 'png')
      for (const d of manifest.decks) {
        assert.equal(pics.get(d.file)!.length, d.slides, d.file)
        const thumb = await sharp(path.join(dir, d.file.replace(/\.html$/, '.thumb.webp'))).metadata()
        assert.equal(thumb.format, 'webp')
        assert.equal(thumb.width! / thumb.height!, 16 / 9)
      }
      runs.push(pics)
    }
    assert.equal(manifest!.decks.length, 3)
    const all = [...runs[0]!.values()].flat()
    for (const png of all) {
      const meta = await sharp(png).metadata()
      assert.deepEqual([meta.format, meta.width, meta.height], ['png', 640, 360])
    }
    // Not blank: a slide with text has more than one colour.
    const stats = await sharp(all[1]!).stats()
    assert.ok(stats.channels.some((c) => c.max - c.min > 100), 'stats.channels.some((c) => c.max - c.min > 100)')
    // The same on two runs, byte for byte (below scale 1 the slide is drawn at full size and
    // scaled down by sharp: Chromium's downscaled raster shaded gradients differently each run).
    const differ: string[] = []
    for (const [deck, pics] of runs[0]!) {
      for (const [i, p] of pics.entries()) {
        const q = runs[1]!.get(deck)![i]!
        if (!p.equals(q)) differ.push(`${deck} slide ${i + 1}: ${JSON.stringify(await shadeDifference(p, q))}`)
      }
    }
    assert.deepEqual(differ, [], `of ${all.length} pictures`)
    // The landing page shows the thumbnails.
    const landing = await readFile(path.join(tmp, 'a', 'index.html'), 'utf8')
    assert.equal([...landing.matchAll(/<img src="cloud-days\/[^"]+\.thumb\.webp"/g)].length, 3)
  })

  it('--format jpeg at scale 1: 1280×720 JPEGs', async () => {
    const r = await bbl(['images', 'cloud-days.adoc', '--out', 'c', '--format', 'jpeg'])
    assert.equal(r.code, 0, r.stderr)
    const dir = path.join(tmp, 'c', 'cloud-days')
    const m = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as Manifest
    const pics = await pictures(dir, m, 'jpg')
    const meta = await sharp(pics.get('index.html')![0]!).metadata()
    assert.deepEqual([meta.format, meta.width, meta.height], ['jpeg', 1280, 720])
  })

  it('bad --format or --scale: exit 2', async () => {
    assert.equal((await bbl(['images', 'cloud-days.adoc', '--format', 'gif'])).code, 2)
    assert.equal((await bbl(['images', 'cloud-days.adoc', '--scale', '9'])).code, 2)
  })
})
