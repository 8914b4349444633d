/**
 * A deck with more characters of one fallback font than a subset may hold gets
 * several subset files, each declared with the unicode-range of its own
 * characters (HarfBuzz fails on a subset of some 6,000 CJK characters: bbl
 * exited 1). The limit is an option here so that the test stays small.
 */
import assert from 'node:assert/strict'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { prepareFonts } from '../../src/assets/fonts.js'

describe('fallback font subsets in pieces', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bbl-font-chunks-'))
  after(() => rm(dir, { recursive: true, force: true }))

  it('splits the characters of one font into files of at most the limit, each declared with its own range', async () => {
    const chars = new Map<number, number | undefined>([...'漢字仮名交じり文'].map((c, i) => [c.codePointAt(0)!, i + 1]))
    const r = await prepareFonts(chars, dir, undefined, { perFile: 3 })
    assert.deepEqual(r.warnings, [])
    assert.equal(r.files.length, 3, r.files.join(', '))
    const css = await readFile(path.join(dir, 'assets', 'fonts', 'fonts.css'), 'utf8')
    const ranges = [...css.matchAll(/src: url\(([^)]+)\)[^;]*; unicode-range: ([^;]+);/g)].map((m) => [m[1]!, m[2]!] as const)
    // Five faces per file (regular, italic, bold, bold italic, mono), the same range each.
    assert.equal(ranges.length, 15)
    const byFile = new Map(ranges)
    assert.deepEqual([...byFile.keys()].sort(), [...r.files].sort())
    const covered = [...byFile.values()].flatMap((range) => range.split(',')).map((u) => parseInt(u.replace('U+', ''), 16))
    assert.deepEqual(covered.sort((a, b) => a - b), [...chars.keys()].sort((a, b) => a - b))
    for (const f of r.files) {
      const woff2 = await readFile(path.join(dir, 'assets', 'fonts', f))
      assert.equal(woff2.toString('latin1', 0, 4), 'wOF2')
    }
  })
})
