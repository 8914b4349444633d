import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { listUsed, pruneCaches } from '../../src/build/cache-prune.js'

describe('pruneCaches', async () => {
  const out = await mkdtemp(path.join(os.tmpdir(), 'bbl-prune-'))
  after(() => rm(out, { recursive: true, force: true }))
  const cache = (dir: string) => path.join(out, '.bbl-cache', dir)
  const put = async (dir: string, name: string, old = true) => {
    await mkdir(cache(dir), { recursive: true })
    const f = path.join(cache(dir), name)
    await writeFile(f, 'x')
    // Written before this run began (the run's start is "now" below).
    if (old) await utimes(f, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000))
  }
  const deck = (name: string) => mkdir(path.join(out, name), { recursive: true }).then(() => writeFile(path.join(out, name, 'manifest.json'), '{}'))

  it('keeps what any notes built there use, removes the rest, and the lists of notes whose folder is gone', async () => {
    await deck('devfest')
    await deck('kubecon')
    for (const n of ['aaa.json', 'aaa.prepared.jpg', 'bbb.json', 'ccc.json', 'ddd.json']) await put('pictures', n)
    for (const n of ['p1.json', 'p1.fixed', 'p1.original', 'p2.json', 'p2.fixed', 'p2.original']) await put('photos', n)
    // A write in progress, and an entry another bbl made since this run began.
    await put('photos', 'p3.json.4242')
    await put('pictures', '.eee.json.4242.x1')
    await put('pictures', 'fff.json', false)
    const built = (name: string, keys: string[]) => listUsed(out, name, keys).then(() => pruneCaches(out, Date.now() - 1000))
    await built('kubecon', ['bbb'])
    // devfest's deck folder has no list yet (an older bbl built it): nothing may go.
    assert.equal((await readdir(cache('pictures'))).length, 7)
    await built('devfest', ['aaa', 'p1'])
    assert.deepEqual((await readdir(cache('pictures'))).sort(), ['.eee.json.4242.x1', 'aaa.json', 'aaa.prepared.jpg', 'bbb.json', 'fff.json'])
    assert.deepEqual((await readdir(cache('photos'))).sort(), ['p1.fixed', 'p1.json', 'p1.original'])
    // kubecon's folder removed: what only it used goes at the next build.
    await rm(path.join(out, 'kubecon'), { recursive: true })
    await built('devfest', ['aaa', 'p1'])
    assert.deepEqual((await readdir(cache('used'))).sort(), ['devfest.json'])
    assert.ok(!(await readdir(cache('pictures'))).includes('bbb.json'))
  })
})
