/**
 * The photo pool (worker threads): the same bytes as the work done inline, a
 * failing photo fails alone, idle workers end, no worker holds the process
 * open, and a build whose photos are all cached starts none and loads no sharp.
 * Named e2e because each worker loads the TypeScript sources through tsx.
 */
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { PhotoPool, poolSize } from '../../../src/assets/photos/pool.js'
import { type Format, type PhotoWork, photoWork } from '../../../src/assets/photos/work.js'
import { scratch } from '../../helpers/scratch.js'
import { noScreenPhotos, screenPhoto, screenPhotos } from './testset.js'

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
let dir: string
const photos: Array<{ file: string; format: Format }> = []

/** Runs `code` (an ES module body) in a fresh Node process from the sources; its stdout. */
function child(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: repo, encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('the photo pool', () => {
  before(async () => {
    dir = await scratch('bbl-pool-')
    const put = async (name: string, data: Buffer, format: Format) => {
      await writeFile(path.join(dir, name), data)
      photos.push({ file: path.join(dir, name), format })
    }
    const shot = await screenPhoto(2)
    await put('room.jpg', shot.data, 'jpeg')
    // A phone-sized photo: halved as it is decoded, and re-encoded at 2560 px as taken.
    await put('big.jpg', await sharp(shot.data).resize(3400, 2550).jpeg({ quality: 90 }).toBuffer(), 'jpeg')
    const portrait = (await screenPhotos()).find((c) => c.name.includes('portrait-exif'))!
    await put('portrait.jpg', portrait.data, 'jpeg')
    const others = await noScreenPhotos()
    await put('venue.jpg', others.find((c) => c.name.startsWith('none-venue'))!.data, 'jpeg')
    await put('screenshot.png', others.find((c) => c.name.startsWith('none-screenshot'))!.data, 'png')
  })
  it('is as large as the cores, at most 4', () => {
    assert.deepEqual([1, 2, 3, 4, 8, 64].map((n) => poolSize(n)), [1, 2, 3, 4, 4, 4])
  })

  it('straightens photos to the same bytes as the work done inline', async () => {
    const inline: PhotoWork[] = []
    for (const p of photos) inline.push(await photoWork(p.file, p.format))
    assert.ok(inline.filter((w) => w.fixed).length >= 2, 'some photos are straightened')
    assert.ok(inline.some((w) => !w.fixed), 'some are left alone')
    const pool = new PhotoPool(2)
    try {
      const pooled = await Promise.all(photos.map((p) => pool.run(p.file, p.format)))
      assert.equal(pool.running, 2)
      for (const [i, w] of pooled.entries()) {
        const want = inline[i]!
        assert.deepEqual([w.confidence, w.reason, w.fixed?.width, w.fixed?.height], [want.confidence, want.reason, want.fixed?.width, want.fixed?.height], photos[i]!.file)
        assert.ok(Buffer.from(w.fixed?.data ?? []).equals(Buffer.from(want.fixed?.data ?? [])), `${photos[i]!.file}: straightened bytes`)
        assert.ok(Buffer.from(w.kept ?? []).equals(Buffer.from(want.kept ?? [])), `${photos[i]!.file}: as-taken bytes`)
      }
    } finally {
      await pool.close()
    }
    assert.equal(pool.running, 0)
  })

  it('fails a photo that cannot be decoded, and goes on with the next; idle workers end by themselves', async () => {
    const broken = path.join(dir, 'broken.jpg')
    await writeFile(broken, Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 7)]))
    const pool = new PhotoPool(1)
    await assert.rejects(pool.run(broken, 'jpeg'))
    const w = await pool.run(photos[0]!.file, 'jpeg')
    assert.ok(w.fixed, 'the next photo is straightened')
    assert.equal(pool.running, 1)
    await new Promise((r) => setTimeout(r, 1000))
    assert.equal(pool.running, 0, 'the idle worker ended')
  })

  it('fails the photos in work when closed, and starts again for the next', async () => {
    const pool = new PhotoPool(1)
    const inWork = assert.rejects(pool.run(photos[1]!.file, 'jpeg'), /closed/)
    await new Promise((r) => setTimeout(r, 50))
    await pool.close()
    await inWork
    assert.equal(pool.running, 0)
    const w = await pool.run(photos[0]!.file, 'jpeg')
    assert.ok(w.fixed, 'w.fixed')
    await pool.close()
  })

  it('never holds the process open: a script that straightens a photo and closes nothing exits', () => {
    const r = child(`
      import { photoPool } from './src/assets/photos/pool.ts'
      const w = await photoPool().run(${JSON.stringify(photos[0]!.file)}, 'jpeg')
      console.log(w.fixed ? 'straightened' : 'left alone')
    `)
    assert.equal(r.status, 0, r.stderr)
    assert.equal(r.stdout.trim(), 'straightened')
  })

  it('is not started, and sharp not loaded, when every photo is in the cache', async () => {
    const root = path.join(dir, 'cached')
    await mkdir(root, { recursive: true })
    await writeFile(path.join(root, 'room.jpg'), (await screenPhoto(2)).data)
    await writeFile(path.join(root, 'venue.jpg'), (await noScreenPhotos()).find((c) => c.name.startsWith('none-venue'))!.data)
    const script = `
      import { createRequire } from 'node:module'
      import { prepareImages } from './src/assets/pictures.ts'
      import { photoPool } from './src/assets/photos/pool.ts'
      const root = ${JSON.stringify(root)}
      const refs = ['room.jpg', 'venue.jpg'].map((t, i) => ({ src: t, target: t, line: i + 1, alt: '' }))
      const ctx = { docdir: root, cwd: root, name: 'n', cacheDir: root + '/cache/pictures', photos: { cacheDir: root + '/cache/photos', sources: new Set(['room.jpg', 'venue.jpg']) } }
      const { table } = await prepareImages(refs, ctx, root + '/out-' + Date.now())
      const sharp = Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes('/node_modules/sharp/'))
      console.log(JSON.stringify({ corrected: [...table.values()].map((a) => a.photo?.corrected), workers: photoPool().running, sharp }))
    `
    const first = child(script)
    assert.equal(first.status, 0, first.stderr)
    const made = JSON.parse(first.stdout)
    assert.deepEqual([made.corrected, made.sharp, made.workers >= 1], [[true, false], true, true], 'the first build straightens in the pool')
    const second = child(script)
    assert.equal(second.status, 0, second.stderr)
    assert.deepEqual(JSON.parse(second.stdout), { corrected: [true, false], workers: 0, sharp: false })
  })
})
