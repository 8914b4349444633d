/**
 * Data safety (the cache, a full disk): bbl deletes only what it made, never
 * through a link; a cache that cannot be used is not; a failed run leaves the
 * earlier output byte for byte; a full disk is exit 8 naming the file, and
 * leaves no half-written cache entry that a later build would believe.
 */
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { unseal } from '../../src/cache/store.js'
import { bblMain, root, type Run } from '../helpers/cli.js'

const NOTES = (extra = '') =>
  `= Safety notes\nAda Lovelace\n:imagesdir: images\n\n== Talks\n\n=== A talk\n\nPrésenté par *Grace Hopper*\n\nArrows → and stars ★ drawn by the fallback fonts.${extra}\n\nimage::talk-photo-01.jpg[Slide 1]\n\nimage::phone-portrait-1.jpg[Phone]\n`

const STACK = /^\s+at .+:\d+:\d+\)?$/m
let dir: string

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-safety-'))
  await mkdir(path.join(dir, 'images'))
  for (const f of ['talk-photo-01.jpg', 'phone-portrait-1.jpg']) await copyFile(path.join(root, 'test', 'fixtures', 'images', f), path.join(dir, 'images', f))
  await writeFile(path.join(dir, 'notes.adoc'), NOTES())
})
after(() => rm(dir, { recursive: true, force: true }))

/** Every file under `folder` (links not followed) and its hash; `skip` leaves some out by their relative path. */
async function snapshot(folder: string, skip: (rel: string) => boolean = () => false): Promise<Map<string, string>> {
  const out = new Map<string, string>()
  for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(folder, path.join(e.parentPath, e.name))
    if (!e.isFile() || skip(rel)) continue
    out.set(rel, createHash('sha256').update(await readFile(path.join(folder, rel))).digest('hex'))
  }
  return out
}

const deckAndLanding = (rel: string) => rel.split(path.sep)[0] === '.bbl-cache'

function assertNoBug(r: Run, what: string): void {
  assert.notEqual(r.code, 1, `${what}: exit 1\n${r.stderr}`)
  assert.doesNotMatch(r.stderr, STACK, `${what}: stack trace\n${r.stderr}`)
}

/** A folder of someone's files, some named as bbl names its cache entries; written long ago. */
async function decoys(folder: string): Promise<Map<string, string>> {
  await mkdir(folder, { recursive: true })
  const names = ['holiday.jpg', 'thesis.pdf', 'package.json', `${'a'.repeat(64)}.json`, `${'b'.repeat(64)}.prepared.jpg`, `${'c'.repeat(32)}.fixed`, 'notes.json']
  for (const n of names) {
    await writeFile(path.join(folder, n), `decoy ${n}\n`)
    await utimes(path.join(folder, n), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000))
  }
  return snapshot(folder)
}

describe('the build cache never reaches through a link', () => {
  for (const linked of ['pictures', 'used', 'photos', 'fonts']) {
    it(`.bbl-cache/${linked} a symlink to a folder of decoys: the decoys are untouched, nothing is written there, the build goes on without the cache`, async () => {
      const out = path.join(dir, `out-${linked}`)
      const r0 = await bblMain(['build', 'notes.adoc', '--out', path.basename(out)], dir)
      assert.equal(r0.code, 0, r0.stderr)
      const folder = path.join(dir, `decoys-${linked}`)
      const before = await decoys(folder)
      await rm(path.join(out, '.bbl-cache', linked), { recursive: true })
      await symlink(folder, path.join(out, '.bbl-cache', linked))
      // Notes changed and pictures gone from the list: a prune would run.
      await writeFile(path.join(dir, 'notes2.adoc'), NOTES('\n\nA second file.'))
      const r = await bblMain(['build', 'notes.adoc', 'notes2.adoc', '--out', path.basename(out)], dir)
      assertNoBug(r, linked)
      assert.equal(r.code, 0, r.stderr)
      assert.match(r.stderr, new RegExp(`\\.bbl-cache/${linked} is a symbolic link; building without the cache`))
      assert.equal(r.stderr.match(/building without the cache/g)?.length, 1, 'said once')
      assert.deepEqual(await snapshot(folder), before)
      const manifest = JSON.parse(await readFile(path.join(out, 'notes', 'manifest.json'), 'utf8')) as { images: Array<{ status: string }> }
      assert.deepEqual(manifest.images.map((i) => i.status), ['ok', 'ok'])
    })
  }
})

describe('a cache that cannot be used is not used', () => {
  it('.bbl-cache a file: warned once, the build succeeds with every picture, and the file is left as it was', async () => {
    const out = path.join(dir, 'out-file')
    await mkdir(out)
    await writeFile(path.join(out, '.bbl-cache'), 'my file\n')
    const r = await bblMain(['build', 'notes.adoc', '--out', 'out-file'], dir)
    assertNoBug(r, 'cache is a file')
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stderr, /out-file\/\.bbl-cache is not a folder; building without the cache/)
    assert.doesNotMatch(r.stderr, /image cannot be read/)
    assert.equal(await readFile(path.join(out, '.bbl-cache'), 'utf8'), 'my file\n')
    const manifest = JSON.parse(await readFile(path.join(out, 'notes', 'manifest.json'), 'utf8')) as { images: Array<{ status: string }> }
    assert.deepEqual(manifest.images.map((i) => i.status), ['ok', 'ok'])
  })
})

/** Mount a tmpfs of `size` at `at`; false where this system does not allow it (not root, no mount). */
function mountTmpfs(at: string, size: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('a full disk', () => {
  it('is exit 8 naming the file being written; the earlier output stays byte for byte; no cache entry is left half-written', async (t) => {
    const disk = path.join(dir, 'disk')
    await mkdir(disk)
    if (!mountTmpfs(disk, '4m')) return t.skip('a tmpfs cannot be mounted here (needs root)')
    t.after(() => execFileSync('umount', ['-l', disk]))
    const out = path.join(disk, 'out')
    const r0 = await bblMain(['build', 'notes.adoc', '--out', out], dir)
    assert.equal(r0.code, 0, r0.stderr)
    const earlier = await snapshot(out, deckAndLanding)
    // Fill the disk to within a few kilobytes, then build changed notes (new characters: a new font subset).
    const free = Number(execFileSync('df', ['--output=avail', '-B1', disk]).toString().trim().split('\n')[1])
    await writeFile(path.join(disk, 'filler'), Buffer.alloc(Math.max(0, free - 48 * 1024)))
    await writeFile(path.join(dir, 'notes.adoc'), NOTES('\n\nNew words ✓ ☂ ♞ with new symbols, and a longer text to fill a page.'))
    try {
      for (let n = 0; n < 6; n++) {
        const r = await bblMain(['build', 'notes.adoc', '--out', out], dir)
        assertNoBug(r, 'full disk')
        assert.equal(r.code, 8, r.stderr)
        assert.match(r.stderr, /out\/(notes\/\S+|index\.html|\S+) cannot be written: the disk is full; free some space \(ENOSPC\)/)
        assert.ok(!r.stderr.includes(root), `names the file written, not one of bbl's own: ${r.stderr}`)
        assert.doesNotMatch(r.stderr, /\.bbl-tmp-/, 'names the file as it was to be, not its temporary folder (gone)')
        assert.deepEqual(await snapshot(out, deckAndLanding), earlier, 'the earlier output, byte for byte')
        assert.deepEqual((await readdir(out)).filter((f) => f.startsWith('.') && f !== '.bbl-cache'), [], 'no temporary file or folder left')
        // Make a little more room each time: the disk fills up at a different file.
        await writeFile(path.join(disk, 'filler'), Buffer.alloc(Math.max(0, free - (64 + n * 24) * 1024)))
        const cacheFiles = (await readdir(path.join(out, '.bbl-cache'), { recursive: true, withFileTypes: true })).filter((e) => e.isFile())
        for (const e of cacheFiles) {
          const f = path.join(e.parentPath, e.name)
          assert.ok(!e.name.startsWith('.'), `a temporary cache entry left: ${f}`)
          assert.ok(unseal(await readFile(f)), `a cache entry that does not verify: ${f}`)
        }
      }
    } finally {
      await rm(path.join(disk, 'filler'), { force: true })
      await writeFile(path.join(dir, 'notes.adoc'), NOTES())
    }
    // With room again: built, and every font file written whole.
    const r = await bblMain(['build', 'notes.adoc', '--out', out], dir)
    assert.equal(r.code, 0, r.stderr)
    const fonts = path.join(out, 'notes', 'assets', 'fonts')
    for (const f of (await readdir(fonts)).filter((x) => x.endsWith('.woff2'))) {
      const b = await readFile(path.join(fonts, f))
      assert.ok(b.length > 0 && b.toString('latin1', 0, 4) === 'wOF2', `${f} is a whole WOFF2 file`)
    }
  })
})
