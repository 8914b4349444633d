import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { listUsed, pruneCaches } from '../../src/cache/prune.js'

/** A picture key (64 hex digits) and a photo key (32), as bbl names its entries. */
const pic = (c: string) => c.repeat(64)
const pho = (c: string) => c.repeat(32)

describe('pruneCaches', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'bbl-prune-'))
  after(() => rm(out, { recursive: true, force: true }))
  const cache = (dir: string) => path.join(out, '.bbl-cache', dir)
  const old = (f: string) => utimes(f, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
  const put = async (dir: string, name: string, before = true) => {
    await mkdir(cache(dir), { recursive: true })
    const f = path.join(cache(dir), name)
    await writeFile(f, 'x')
    // Written before this run began (the run's start is "now" below).
    if (before) await old(f)
  }
  const deck = (name: string) => mkdir(path.join(out, name), { recursive: true }).then(() => writeFile(path.join(out, name, 'manifest.json'), '{}'))
  // The run's start: before anything below is written (old entries are dated a minute back), however slow the machine.
  let runStart = 0
  const built = (name: string, keys: string[]) => listUsed(out, name, keys).then(() => pruneCaches(out, runStart))

  it('keeps what any notes built there use, removes the rest, and the lists of notes whose folder is gone', async () => {
    runStart = Date.now() - 1000
    await deck('devfest')
    await deck('kubecon')
    for (const n of [`${pic('a')}.json`, `${pic('a')}.prepared.jpg`, `${pic('b')}.json`, `${pic('c')}.json`, `${pic('d')}.json`]) await put('pictures', n)
    for (const n of ['1', '2']) for (const e of ['json', 'fixed', 'original']) await put('photos', `${pho(n)}.${e}`)
    // A write in progress, and an entry another bbl made since this run began.
    await put('photos', `${pho('3')}.json.4242`)
    await put('pictures', `.${pic('e')}.json.4242.x1`)
    await put('pictures', `${pic('f')}.json`, false)
    await built('kubecon', [pic('b')])
    // devfest's deck folder has no list yet (an older bbl built it): nothing may go.
    assert.equal((await readdir(cache('pictures'))).length, 7)
    await built('devfest', [pic('a'), pho('1')])
    assert.deepEqual((await readdir(cache('pictures'))).sort(), [`.${pic('e')}.json.4242.x1`, `${pic('a')}.json`, `${pic('a')}.prepared.jpg`, `${pic('b')}.json`, `${pic('f')}.json`])
    assert.deepEqual((await readdir(cache('photos'))).sort(), [`${pho('1')}.fixed`, `${pho('1')}.json`, `${pho('1')}.original`, `${pho('3')}.json.4242`])
    // kubecon's folder removed: what only it used goes at the next build.
    await rm(path.join(out, 'kubecon'), { recursive: true })
    await built('devfest', [pic('a'), pho('1')])
    assert.deepEqual((await readdir(cache('used'))).sort(), ['devfest.json'])
    assert.ok(!(await readdir(cache('pictures'))).includes(`${pic('b')}.json`), 'the entry no build uses any more is pruned')
  })
})

describe('pruneCaches never removes what bbl did not write', async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'bbl-prune-links-'))
  after(() => rm(root, { recursive: true, force: true }))
  const decoys = path.join(root, 'decoys')
  const out = path.join(root, 'dist')
  const cache = path.join(out, '.bbl-cache')

  /** A folder of someone's files, named as bbl names its entries and not: all old. */
  async function writeDecoys(): Promise<string[]> {
    await rm(decoys, { recursive: true, force: true })
    await mkdir(decoys, { recursive: true })
    const names = ['holiday.jpg', 'package.json', `${pic('9')}.json`, `${pic('9')}.prepared.jpg`, `${pho('9')}.fixed`]
    for (const n of names) {
      await writeFile(path.join(decoys, n), `decoy ${n}\n`)
      await utimes(path.join(decoys, n), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
    }
    return names.sort()
  }

  for (const linked of ['pictures', 'photos', 'used']) {
    it(`leaves the files behind a symlinked .bbl-cache/${linked} alone`, async () => {
      await rm(out, { recursive: true, force: true })
      await mkdir(path.join(out, 'talks'), { recursive: true })
      await writeFile(path.join(out, 'talks', 'manifest.json'), '{}')
      await mkdir(cache, { recursive: true })
      const names = await writeDecoys()
      await symlink(decoys, path.join(cache, linked))
      await listUsed(out, 'talks', [])
      await pruneCaches(out, Date.now())
      assert.deepEqual((await readdir(decoys)).sort(), names)
      for (const n of names) assert.equal(await readFile(path.join(decoys, n), 'utf8'), `decoy ${n}\n`)
    })
  }

  it('leaves a symlinked .bbl-cache alone', async () => {
    await rm(out, { recursive: true, force: true })
    await mkdir(path.join(out, 'talks'), { recursive: true })
    await writeFile(path.join(out, 'talks', 'manifest.json'), '{}')
    const names = await writeDecoys()
    await mkdir(path.join(decoys, 'pictures'))
    await writeFile(path.join(decoys, 'pictures', `${pic('8')}.json`), 'decoy\n')
    await symlink(decoys, cache)
    await listUsed(out, 'talks', [])
    await pruneCaches(out, Date.now())
    assert.deepEqual((await readdir(decoys)).sort(), [...names, 'pictures'].sort())
    assert.deepEqual(await readdir(path.join(decoys, 'pictures')), [`${pic('8')}.json`])
  })

  it('removes a link inside a cache folder neither through nor itself, nor a folder', async () => {
    await rm(out, { recursive: true, force: true })
    await mkdir(path.join(out, 'talks'), { recursive: true })
    await writeFile(path.join(out, 'talks', 'manifest.json'), '{}')
    const names = await writeDecoys()
    await mkdir(path.join(cache, 'pictures', `${pic('7')}.json`), { recursive: true })
    await symlink(path.join(decoys, `${pic('9')}.json`), path.join(cache, 'pictures', `${pic('9')}.json`))
    await listUsed(out, 'talks', [])
    await pruneCaches(out, Date.now())
    assert.deepEqual((await readdir(decoys)).sort(), names)
    assert.deepEqual((await readdir(path.join(cache, 'pictures'))).sort(), [`${pic('7')}.json`, `${pic('9')}.json`])
  })
})
