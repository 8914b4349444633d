import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, describe, it } from 'node:test'
import { Blob, Face } from 'harfbuzzjs'
import subsetFont from 'subset-font'
import { charactersOf, prepareFonts } from '../../src/assets/fonts.js'
import { parseNotes } from '../../src/notes/asciidoc.js'

const CSS = '/* bbl fonts */\n'

describe('fallback fonts', () => {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })
  const deckDir = async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'bbl-fonts-'))
    dirs.push(d)
    await mkdir(path.join(d, 'assets', 'fonts'), { recursive: true })
    await writeFile(path.join(d, 'assets', 'fonts', 'fonts.css'), CSS)
    return d
  }
  const build = async (notes: string, cacheDir?: string) => {
    const dir = await deckDir()
    const r = await prepareFonts(charactersOf(parseNotes(notes, '/tmp/x.adoc')), dir, cacheDir)
    return { dir, r, css: await readFile(path.join(dir, 'assets', 'fonts', 'fonts.css'), 'utf8') }
  }

  it('adds nothing to a deck of French notes', async () => {
    const { dir, r, css } = await build('= Journée\n\n== Conférences\n\n=== Où va l’œuvre ? « Déjà vu » – 2 €, 50 %\n\nÇa marche très bien, naïf.\n')
    assert.deepEqual([r.files, r.bytes, r.warnings], [[], 0, []])
    assert.equal(css, CSS)
    assert.deepEqual((await readdir(path.join(dir, 'assets', 'fonts'))).sort(), ['fonts.css'])
  })

  it('subsets the fonts a Japanese, Arabic and emoji talk needs: the glyphs it uses, declared under the main families', async () => {
    const text = 'テスト駆動開発は小さなステップで進めます。'
    const notes = `= Summit\n\n== Talks\n\n=== ${text}\n\nالتصميم الموجه بالمجال 🚀 👩‍💻\n`
    const cache = await deckDir()
    const { dir, r, css } = await build(notes, path.join(cache, 'fonts'))
    // Kept for the next build, which gets the same files.
    assert.equal((await readdir(path.join(cache, 'fonts'))).length, r.files.length)
    const again = await build(notes, path.join(cache, 'fonts'))
    assert.deepEqual(again.r.files, r.files)
    assert.deepEqual(r.warnings, [])
    assert.ok(r.bytes > 0 && r.bytes < 150_000, `${r.bytes} bytes`)
    const cjk = r.files.find((f) => f.startsWith('fallback-noto-sans-cjk'))!
    const font = await subsetFont(await readFile(path.join(dir, 'assets', 'fonts', cjk)), '', { keepAllGlyphs: true, targetFormat: 'truetype' })
    const has = new Set(new Face(new Blob(font), 0).collectUnicodes())
    for (const ch of text.replace('。', '')) assert.ok(has.has(ch.codePointAt(0)!), `${ch} in ${cjk}`)
    // Only what the notes use: a few dozen glyphs, not the 40,000 of the font.
    assert.ok(has.size < 60, `${has.size} characters in the subset`)
    assert.ok(r.files.some((f) => f.startsWith('fallback-noto-sans-arabic')) && r.files.some((f) => f.startsWith('fallback-noto-emoji')), "r.files.some((f) => f.startsWith('fallback-noto-sans-arabic')) && r.files.some((f) => f...")
    for (const family of ['Source Sans 3', 'JetBrains Mono']) assert.match(css, new RegExp(`font-family: '${family}'; [^}]*src: url\\(${cjk}\\)`))
    assert.match(css, /unicode-range: [^;]*U\+30C6/)
    // The joiner goes with the emoji it joins.
    assert.match(css, /src: url\(fallback-noto-emoji[^)]*\)[^}]*U\+200D/)
    assert.ok((await readdir(path.join(dir, 'assets', 'fonts'))).includes('OFL-noto.txt'), "(await readdir(path.join(dir, 'assets', 'fonts'))).includes('OFL-noto.txt')")
  })

  it('warns, with its line, about a character no bundled font has', async () => {
    const { r } = await build('= T\n\n== A\n\nFine text.\n\nHieroglyph \u{13000} here.\n')
    assert.deepEqual(r.warnings.map((w) => [w.code, w.line]), [['FONT_MISSING', 7]])
    assert.match(r.warnings[0]!.message, /U\+13000/)
  })
})
