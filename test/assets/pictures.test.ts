import assert from 'node:assert/strict'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, it } from 'node:test'
import sharp from 'sharp'
import { candidatePaths, prepareImages } from '../../src/assets/pictures.js'
import { scratch } from '../helpers/scratch.js'
import { seal, unseal } from '../../src/cache/store.js'
import { PictureMemo } from '../../src/assets/picture-memo.js'

async function workspace() {
  const root = await scratch('bbl-images-')
  await mkdir(path.join(root, 'decks', 'images'), { recursive: true })
  await mkdir(path.join(root, 'images', 'conf'), { recursive: true })
  await mkdir(path.join(root, 'out'), { recursive: true })
  return root
}

const jpeg = (w: number, h: number, orientation?: number) => {
  const img = sharp({ create: { width: w, height: h, channels: 3, background: '#3a6' } }).jpeg()
  return (orientation ? img.withMetadata({ orientation }) : img).toBuffer()
}

describe('images', () => {
  it('looks next to the notes, then images/<notes-name>/, then images/', async () => {
    const root = await workspace()
    const ctx = { docdir: path.join(root, 'decks'), cwd: root, name: 'conf' }
    assert.deepEqual(candidatePaths({ src: './images/a.jpg', target: 'a.jpg' }, ctx), [
      path.join(root, 'decks', 'images', 'a.jpg'),
      path.join(root, 'images', 'conf', 'a.jpg'),
      path.join(root, 'images', 'a.jpg'),
    ])
  })

  it('copies found pictures, turns phone photos upright, and reports the rest with their line', async () => {
    const root = await workspace()
    await writeFile(path.join(root, 'images', 'conf', 'landscape.jpg'), await jpeg(400, 300))
    // Stored 400×300 but shot in portrait: EXIF orientation 6 means "rotate 90°".
    await writeFile(path.join(root, 'decks', 'images', 'phone.jpg'), await jpeg(400, 300, 6))
    await writeFile(path.join(root, 'images', 'broken.jpg'), 'not a picture')
    const ctx = { docdir: path.join(root, 'decks'), cwd: root, name: 'conf' }
    const refs = [
      { src: './images/landscape.jpg', target: 'landscape.jpg', line: 3, alt: '' },
      { src: './images/phone.jpg', target: 'phone.jpg', line: 4, alt: '' },
      { src: './images/gone.jpg', target: 'gone.jpg', line: 5, alt: '' },
      { src: 'https://example.com/x.png', target: 'https://example.com/x.png', line: 6, alt: '' },
      { src: './images/broken.jpg', target: 'broken.jpg', line: 7, alt: '' },
      { src: './images/landscape.jpg', target: 'landscape.jpg', line: 9, alt: '' },
    ]
    const out = path.join(root, 'out')
    const { table, warnings } = await prepareImages(refs, ctx, out)
    assert.equal(table.size, 5, 'each picture once')
    assert.deepEqual(table.get('./images/landscape.jpg'), { src: './images/landscape.jpg', target: 'landscape.jpg', status: 'ok', output: 'images/landscape.jpg', width: 400, height: 300 })
    const phone = table.get('./images/phone.jpg')!
    assert.equal(phone.status, 'ok')
    assert.deepEqual([phone.width, phone.height], [300, 400])
    const written = await sharp(path.join(out, phone.output!)).metadata()
    assert.deepEqual([written.width, written.height, written.orientation ?? 1], [300, 400, 1])
    assert.equal(table.get('./images/gone.jpg')!.status, 'missing')
    assert.equal(table.get('https://example.com/x.png')!.status, 'remote')
    assert.equal(table.get('./images/broken.jpg')!.status, 'unreadable')
    assert.deepEqual(
      warnings.map((w) => [w.code, w.line]),
      [['IMAGE_MISSING', 5], ['IMAGE_REMOTE', 6], ['IMAGE_UNREADABLE', 7]],
    )
    assert.match(warnings[0]!.message, /gone\.jpg.*looked in/)
  })
})

describe('picture cache', () => {
  it('keeps metadata and prepared copies by content: an unchanged picture is served from it, a changed one is read again', async () => {
    const { readdir, readFile } = await import('node:fs/promises')
    const root = await workspace()
    const phone = path.join(root, 'decks', 'images', 'phone.jpg')
    await writeFile(phone, await jpeg(400, 300, 6))
    const cacheDir = path.join(root, 'out', '.bbl-cache', 'pictures')
    const ctx = { docdir: path.join(root, 'decks'), cwd: root, name: 'conf', cacheDir }
    const refs = [{ src: './images/phone.jpg', target: 'phone.jpg', line: 3, alt: '' }]
    const first = await prepareImages(refs, ctx, path.join(root, 'a'))
    const kept = (await readdir(cacheDir)).sort()
    assert.equal(kept.length, 3, kept.join(' '))
    const again = await prepareImages(refs, ctx, path.join(root, 'b'))
    assert.deepEqual(again.table, first.table)
    assert.deepEqual((await readdir(cacheDir)).sort(), kept, 'nothing new kept')
    assert.ok((await readFile(path.join(root, 'a', 'images', 'phone.jpg'))).equals(await readFile(path.join(root, 'b', 'images', 'phone.jpg'))), "(await readFile(path.join(root, 'a', 'images', 'phone.jpg'))).equals(await readFile(pat...")
    // Same name, new picture: its own hash, read and prepared afresh.
    await writeFile(phone, await jpeg(800, 600, 6))
    const changed = await prepareImages(refs, ctx, path.join(root, 'c'))
    const p = changed.table.get('./images/phone.jpg')!
    assert.deepEqual([p.width, p.height], [600, 800])
    assert.equal((await readdir(cacheDir)).length, 6)
  })

  it('writes an unchanged picture again from the memo of bbl serve, without the caches; a changed one is prepared afresh', async () => {
    const { readdir, readFile, rm } = await import('node:fs/promises')
    const root = await workspace()
    const phone = path.join(root, 'decks', 'images', 'phone.jpg')
    await writeFile(phone, await jpeg(400, 300, 6))
    await writeFile(path.join(root, 'images', 'conf', 'plain.jpg'), await jpeg(200, 100))
    const cacheDir = path.join(root, 'out', '.bbl-cache', 'pictures')
    const ctx = { docdir: path.join(root, 'decks'), cwd: root, name: 'conf', cacheDir, memo: new PictureMemo() }
    const refs = [
      { src: './images/phone.jpg', target: 'phone.jpg', line: 3, alt: '' },
      { src: './images/plain.jpg', target: 'plain.jpg', line: 4, alt: '' },
    ]
    const first = await prepareImages(refs, ctx, path.join(root, 'a'))
    // Without the caches, only the memo can give the same output.
    await rm(path.join(root, 'out', '.bbl-cache'), { recursive: true })
    const again = await prepareImages(refs, ctx, path.join(root, 'b'))
    assert.deepEqual(again.table, first.table)
    assert.deepEqual([...again.cacheKeys].sort(), [...first.cacheKeys].sort())
    assert.deepEqual(again.copies, first.copies)
    for (const f of ['phone.jpg', 'plain.jpg']) {
      const [a, b] = await Promise.all(['a', 'b'].map((d) => readFile(path.join(root, d, 'images', f))))
      assert.ok(a!.equals(b!), `${f} written again byte for byte`)
    }
    await assert.rejects(readdir(cacheDir), 'nothing was read from or kept in the cache')
    ctx.memo.prune()
    const { createHash } = await import('node:crypto')
    const sum = createHash('sha1').update(await readFile(path.join(root, 'b', 'images', 'plain.jpg'))).digest('base64')
    assert.equal(ctx.memo.sha1('images/plain.jpg'), sum, 'the hash of a file the last build wrote, from its bytes in memory')
    assert.equal(ctx.memo.sha1('images/other.jpg'), undefined)
    ctx.memo.begin()
    ctx.memo.prune()
    assert.equal(ctx.memo.sha1('images/plain.jpg'), undefined, 'a build that wrote no picture leaves none known')
    await writeFile(phone, await jpeg(800, 600, 6))
    const p = (await prepareImages(refs, ctx, path.join(root, 'c'))).table.get('./images/phone.jpg')!
    assert.deepEqual([p.width, p.height], [600, 800], 'a changed picture is prepared again')
  })

  it('keeps that a picture decodes whole, completing an entry an older bbl kept without it', async () => {
    const { readdir, readFile } = await import('node:fs/promises')
    const root = await workspace()
    await writeFile(path.join(root, 'decks', 'images', 'plain.jpg'), await jpeg(400, 300))
    const cacheDir = path.join(root, 'out', '.bbl-cache', 'pictures')
    const ctx = { docdir: path.join(root, 'decks'), cwd: root, name: 'conf', cacheDir }
    const refs = [{ src: './images/plain.jpg', target: 'plain.jpg', line: 3, alt: '' }]
    await prepareImages(refs, ctx, path.join(root, 'a'))
    const [entry] = (await readdir(cacheDir)).filter((f) => f.endsWith('.json'))
    // Entries are sealed (src/cache/store.ts): read and written here as bbl does.
    const read = async () => JSON.parse(unseal(await readFile(path.join(cacheDir, entry!)))!.toString('utf8'))
    const kept = await read()
    assert.equal(kept.decodes, true)
    const { decodes: _, ...older } = kept
    await writeFile(path.join(cacheDir, entry!), seal(Buffer.from(JSON.stringify(older))))
    const again = await prepareImages(refs, ctx, path.join(root, 'b'))
    assert.equal(again.table.get('./images/plain.jpg')!.status, 'ok')
    assert.equal((await read()).decodes, true)
  })
})
