/**
 * The cache is an optimisation, never an input: what is read back must be what
 * bbl wrote (sealed with its length and digest), in a real folder, through no
 * link; anything else is ignored and made again. A cache that cannot be used is
 * said once, and the build goes on without it.
 */
import assert from 'node:assert/strict'
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import sharp from 'sharp'
import { cacheProblem, CacheStore, jsonPieces, seal, unseal } from '../../src/cache/store.js'
import { prepareImages } from '../../src/assets/pictures.js'
import { loadFitCache, saveFitCache } from '../../src/build/prepare.js'
import { PhotoCache } from '../../src/assets/photos/cache.js'

const GPS = { IFD0: { Make: 'PhoneCo', Model: 'Pocket X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 24/1' } }
const jpeg = (w: number, h: number, o: { orientation?: number; gps?: boolean } = {}) => {
  const img = sharp({ create: { width: w, height: h, channels: 3, background: '#36a' } }).jpeg()
  const tagged = o.gps ? img.withExif(GPS) : img
  return (o.orientation ? tagged.withMetadata({ orientation: o.orientation }) : tagged).toBuffer()
}

const roots: string[] = []
after(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))))
async function workspace(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bbl-cache-store-'))
  roots.push(root)
  return root
}

describe('seal and unseal', () => {
  it('give back exactly what was sealed, and nothing for a changed, cut or foreign entry', () => {
    const data = Buffer.from('{"width":640,"height":480}')
    const sealed = seal(data)
    assert.deepEqual(unseal(sealed), data)
    assert.equal(unseal(sealed.subarray(0, sealed.length - 1)), undefined, 'cut short (a full disk)')
    const changed = Buffer.from(sealed)
    changed[changed.length - 2] = changed[changed.length - 2]! ^ 1
    assert.equal(unseal(changed), undefined, 'one bit changed')
    assert.equal(unseal(data), undefined, 'an entry of an older bbl, or a file put there')
    assert.equal(unseal(Buffer.alloc(0)), undefined)
  })
})

describe('jsonPieces', () => {
  it('writes what JSON.stringify writes, whatever the depth it takes apart', () => {
    const values: unknown[] = [
      { a: 1, b: [1, undefined, () => 1, null, 'é 漢字 "q" \\ \n'], c: undefined, d: { e: { f: { g: [[[{ h: true }]]] } } }, f: () => 1 },
      [],
      {},
      [{}, [], ''],
      { date: new Date(0), map: new Map([[1, 2]]), nested: { toJSON: () => ({ shown: 'instead' }) } },
      'text',
      42,
      null,
    ]
    for (const v of values) for (const depth of [0, 1, 2, 6, 20]) assert.equal([...jsonPieces(v, depth)].join(''), JSON.stringify(v), `${JSON.stringify(v)} at depth ${depth}`)
  })
})

describe('CacheStore', () => {
  it('reads back a large JSON entry it wrote in pieces, sealed as seal() seals it', async () => {
    const root = await workspace()
    const store = new CacheStore(path.join(root, '.bbl-cache'))
    const value = { decks: Array.from({ length: 3 }, (_, d) => ({ slides: Array.from({ length: 2_000 }, (_, i) => ({ html: `<p>slide ${d}.${i} — ${'é'.repeat(800)}</p>` })) })) }
    assert.equal(await store.putJson('big.json', value), true)
    const text = JSON.stringify(value)
    assert.ok(Buffer.byteLength(text) > 8 * 2 ** 20, 'larger than a few pieces')
    assert.deepEqual(await readFile(path.join(root, '.bbl-cache', 'big.json')), seal(Buffer.from(text)))
    assert.deepEqual(await store.getJson('big.json', (v): v is typeof value => typeof v === 'object'), value)
  })

  it('reads back what it wrote, and refuses an entry that is a link, a text file or was changed', async () => {
    const root = await workspace()
    const store = new CacheStore(path.join(root, '.bbl-cache', 'pictures'))
    assert.equal(await store.put('a.json', '{"ok":true}'), true)
    assert.deepEqual(await store.get('a.json'), Buffer.from('{"ok":true}'))
    await writeFile(path.join(root, '.bbl-cache', 'pictures', 'b.json'), '{"ok":true}')
    assert.equal(await store.get('b.json'), undefined, 'not sealed')
    await symlink(path.join(root, '.bbl-cache', 'pictures', 'a.json'), path.join(root, '.bbl-cache', 'pictures', 'c.json'))
    assert.equal(await store.get('c.json'), undefined, 'a link, even to a good entry')
    assert.deepEqual(await store.getJson('a.json', (v): v is { ok: boolean } => typeof (v as { ok?: unknown }).ok === 'boolean'), { ok: true })
    assert.equal(await store.getJson('a.json', (v): v is number => typeof v === 'number'), undefined, 'the wrong shape')
    // Nothing was left under a temporary name.
    assert.deepEqual((await readdir(path.join(root, '.bbl-cache', 'pictures'))).sort(), ['a.json', 'b.json', 'c.json'])
  })

  it('keeps every entry of writes made at once into a cache folder not yet made', async () => {
    const root = await workspace()
    const store = new CacheStore(path.join(root, '.bbl-cache', 'photos'))
    const names = Array.from({ length: 8 }, (_, i) => `e${i}.json`)
    assert.deepEqual(await Promise.all(names.map((n) => store.put(n, n))), names.map(() => true))
    assert.deepEqual((await readdir(path.join(root, '.bbl-cache', 'photos'))).sort(), names)
  })

  it('neither reads nor writes through a cache folder that is a link', async () => {
    const root = await workspace()
    const elsewhere = path.join(root, 'elsewhere')
    await mkdir(path.join(elsewhere, 'pictures'), { recursive: true })
    await writeFile(path.join(elsewhere, 'pictures', 'a.json'), seal(Buffer.from('{}')))
    await mkdir(path.join(root, 'out'))
    await symlink(elsewhere, path.join(root, 'out', '.bbl-cache'))
    const store = new CacheStore(path.join(root, 'out', '.bbl-cache', 'pictures'))
    assert.equal(await store.get('a.json'), undefined)
    assert.equal(await store.put('b.json', '{}'), false)
    await store.remove('a.json')
    assert.deepEqual(await readdir(path.join(elsewhere, 'pictures')), ['a.json'])
    // A folder of the cache that is a link: the same.
    await rm(path.join(root, 'out', '.bbl-cache'))
    await mkdir(path.join(root, 'out', '.bbl-cache'))
    await symlink(path.join(elsewhere, 'pictures'), path.join(root, 'out', '.bbl-cache', 'pictures'))
    assert.equal(await store.get('a.json'), undefined)
    assert.equal(await store.put('b.json', '{}'), false)
    assert.deepEqual(await readdir(path.join(elsewhere, 'pictures')), ['a.json'])
  })

  it('says nothing was kept, and leaves nothing, when the folder cannot be written', async (t) => {
    const root = await workspace()
    const dir = path.join(root, '.bbl-cache', 'fonts')
    await mkdir(dir, { recursive: true })
    await chmod(dir, 0o500)
    t.after(() => chmod(dir, 0o700))
    if (process.getuid?.() === 0) {
      // root writes anyway: a file in the folder's place instead.
      await chmod(dir, 0o700)
      await rm(dir, { recursive: true })
      await writeFile(dir, 'not a folder')
    }
    assert.equal(await new CacheStore(dir).put('x.woff2', Buffer.from('wOF2')), false)
  })
})

describe('cacheProblem', () => {
  it('accepts a missing or a real cache, and names what stands in the way otherwise', async () => {
    const root = await workspace()
    const out = path.join(root, 'dist')
    assert.equal(await cacheProblem(out), undefined, 'made when missing')
    assert.deepEqual((await readdir(path.join(out, '.bbl-cache'))).sort(), ['diagrams', 'fonts', 'photos', 'pictures', 'used'])
    assert.equal(await cacheProblem(out), undefined)
    await rm(path.join(out, '.bbl-cache', 'photos'), { recursive: true })
    await symlink(root, path.join(out, '.bbl-cache', 'photos'))
    assert.deepEqual(await cacheProblem(out), { dir: path.join(out, '.bbl-cache', 'photos'), why: 'is a symbolic link' })
    await rm(path.join(out, '.bbl-cache'), { recursive: true })
    await writeFile(path.join(out, '.bbl-cache'), 'a file')
    assert.deepEqual(await cacheProblem(out), { dir: path.join(out, '.bbl-cache'), why: 'is not a folder' })
  })
})

describe('cache entries read back are checked, never believed', () => {
  async function pictureCase() {
    const root = await workspace()
    await mkdir(path.join(root, 'decks', 'images'), { recursive: true })
    // Turned upright by bbl: its prepared copy is kept in the cache.
    await writeFile(path.join(root, 'decks', 'images', 'phone.jpg'), await jpeg(400, 300, { orientation: 6, gps: true }))
    const cacheDir = path.join(root, 'out', '.bbl-cache', 'pictures')
    const ctx = { docdir: path.join(root, 'decks'), cwd: root, name: 'conf', cacheDir }
    const refs = [{ src: './images/phone.jpg', target: 'phone.jpg', line: 3, alt: '' }]
    const first = await prepareImages(refs, ctx, path.join(root, 'a'))
    const good = await readFile(path.join(root, 'a', 'images', 'phone.jpg'))
    const [copy] = (await readdir(cacheDir)).filter((f) => f.endsWith('.prepared.jpg'))
    assert.ok(copy, 'a prepared copy is kept')
    return { root, ctx, refs, first, good, copy: path.join(cacheDir, copy) }
  }

  for (const [what, plant] of [
    ['a text file', (f: string) => writeFile(f, 'this is not a picture\n')],
    ['a text file, sealed', (f: string) => writeFile(f, seal(Buffer.from('this is not a picture\n')))],
    [
      'a symlink to a system file',
      async (f: string) => {
        await rm(f)
        await symlink('/etc/hostname', f)
      },
    ],
    ['cut short', async (f: string) => writeFile(f, (await readFile(f)).subarray(0, 200))],
  ] as const) {
    it(`a kept prepared picture that is ${what}: made again`, async () => {
      const c = await pictureCase()
      await plant(c.copy)
      const again = await prepareImages(c.refs, c.ctx, path.join(c.root, 'b'))
      assert.deepEqual(again.table, c.first.table)
      assert.deepEqual(again.warnings, [])
      assert.deepEqual(await readFile(path.join(c.root, 'b', 'images', 'phone.jpg')), c.good)
      assert.deepEqual(unseal(await readFile(c.copy)), c.good, 'and kept again, in place of what was there')
    })
  }

  it('a kept prepared picture carrying GPS and device EXIF (sealed as bbl would): written without it', async () => {
    const c = await pictureCase()
    await writeFile(c.copy, seal(await jpeg(300, 400, { gps: true })))
    await prepareImages(c.refs, c.ctx, path.join(c.root, 'b'))
    const meta = await sharp(path.join(c.root, 'b', 'images', 'phone.jpg')).metadata()
    assert.equal(meta.exif, undefined)
    assert.deepEqual([meta.width, meta.height], [300, 400])
  })

  it('a kept photo correction carrying GPS: its pictures come out without it; a record of the wrong shape is not believed', async () => {
    const root = await workspace()
    const cache = new PhotoCache(path.join(root, '.bbl-cache', 'photos'))
    const gps = await jpeg(64, 48, { gps: true })
    await cache.write('k', { corrected: true, confidence: 0.9, reason: 'screen', width: 64, height: 48 }, gps, gps)
    const got = await cache.pictures('k', 'jpeg')
    assert.ok(got, 'a kept correction is read back')
    assert.equal((await sharp(got.fixed).metadata()).exif, undefined)
    assert.equal((await sharp(got.original).metadata()).exif, undefined)
    await writeFile(path.join(root, '.bbl-cache', 'photos', 'k.json'), seal(Buffer.from(JSON.stringify({ corrected: true, confidence: '<script>' }))))
    assert.equal(await cache.read('k'), undefined)
    await writeFile(path.join(root, '.bbl-cache', 'photos', 'k.fixed'), seal(Buffer.from('not a jpeg')))
    assert.equal(await cache.pictures('k', 'jpeg'), undefined)
  })

  it('measured layouts of the wrong shape, or not sealed, are not believed', async () => {
    const root = await workspace()
    const file = path.join(root, '.bbl-cache', 'conf.fit.json')
    await saveFitCache(file, new Map([['k', { type: 'fixed', step: 2 }]]), new Set(['k']))
    assert.deepEqual([...(await loadFitCache(file))], [['k', { type: 'fixed', step: 2 }]])
    const plant = (entries: unknown, sealed = true) => writeFile(file, sealed ? seal(Buffer.from(JSON.stringify(entries))) : JSON.stringify(entries))
    for (const bad of [{ k: 1 }, [['k', { type: 'flow', pages: 'x' }]], [['k', { type: 'fixed', step: -1 }]], [['k', { type: 'flow', pages: [[1]] }]], [['k']]]) {
      await plant(bad)
      assert.equal((await loadFitCache(file)).size, 0, JSON.stringify(bad))
    }
    // HTML planted where the layout was (an older bbl's plain JSON, or a hand edit): ignored.
    await plant([['k', { type: 'flow', pages: [['<script>alert(1)</script>']] }]], false)
    assert.equal((await loadFitCache(file)).size, 0)
  })
})
