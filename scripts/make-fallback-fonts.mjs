/**
 * Makes assets/fonts/fallback/: the Noto fonts (SIL OFL) that bbl subsets into a
 * deck for the characters its main fonts (Source Sans 3, JetBrains Mono) lack,
 * and coverage.json, which says which file has which characters. Run once by a
 * maintainer; the result is committed, so neither users nor CI need the sources:
 *
 *   apt-get install fonts-noto-core fonts-noto-cjk
 *   npm pack @expo-google-fonts/noto-emoji && tar xzf expo-google-fonts-noto-emoji-*.tgz   # monochrome Noto Emoji
 *   node scripts/make-fallback-fonts.mjs package/400Regular/NotoEmoji_400Regular.ttf
 *
 * Large fonts are cut into files of at most CHUNK characters: hb-subset (the
 * WebAssembly build subset-font uses) runs out of memory on a whole CJK font.
 * Color emoji fonts (CBDT, SVG) cannot be subset by that build: emoji are drawn
 * with the monochrome Noto Emoji.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import fontverter from 'fontverter'
import { Blob, Face } from 'harfbuzzjs'
import subsetFont from 'subset-font'

const root = path.resolve(import.meta.dirname, '..')
const out = path.join(root, 'assets', 'fonts', 'fallback')
const core = '/usr/share/fonts/truetype/noto'
const emojiFile = path.resolve(process.argv[2] ?? 'package/400Regular/NotoEmoji_400Regular.ttf')
const CHUNK = 2500
/**
 * Fonts stored as they are (OpenType, the collection's first face) rather than cut
 * into subsets: hb-subset takes minutes per 2,500 CJK characters (a deck's subset
 * of the whole file takes about a second), and an emoji sequence (👩‍💻) is a
 * ligature that needs all its characters in one file.
 */
const WHOLE = new Set(['noto-sans-cjk', 'noto-emoji'])

/** In priority order: a character goes to the first font that has it. */
const FONTS = [
  ['noto-sans', [`${core}/NotoSans-Regular.ttf`]],
  ['noto-sans-arabic', [`${core}/NotoSansArabic-Regular.ttf`]],
  ['noto-sans-hebrew', [`${core}/NotoSansHebrew-Regular.ttf`]],
  ['noto-sans-devanagari', [`${core}/NotoSansDevanagari-Regular.ttf`]],
  ['noto-sans-thai', [`${core}/NotoSansThai-Regular.ttf`]],
  ['noto-emoji', [emojiFile]],
  ['noto-sans-symbols', [`${core}/NotoSansSymbols-Regular.ttf`]],
  ['noto-sans-symbols-2', [`${core}/NotoSansSymbols2-Regular.ttf`]],
  // Face 0 of the collection, Noto Sans CJK JP, has every ideograph, kana and hangul syllable.
  // Kept whole (see WHOLE).
  ['noto-sans-cjk', ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc']],
]

/** The first font of a TrueType/OpenType collection (.ttc) as a font file of its own. */
function firstFace(ttc) {
  if (ttc.toString('latin1', 0, 4) !== 'ttcf') return ttc
  const start = ttc.readUInt32BE(12)
  const numTables = ttc.readUInt16BE(start + 4)
  const head = Buffer.from(ttc.subarray(start, start + 12 + 16 * numTables))
  const parts = [head]
  let offset = head.length
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i
    const from = ttc.readUInt32BE(start + rec + 8)
    const length = ttc.readUInt32BE(start + rec + 12)
    head.writeUInt32BE(offset, rec + 8)
    const padded = Buffer.alloc((length + 3) & ~3)
    ttc.copy(padded, 0, from, from + length)
    parts.push(padded)
    offset += padded.length
  }
  return Buffer.concat(parts)
}

const unicodes = (sfnt) => [...new Face(new Blob(sfnt), 0).collectUnicodes()].sort((a, b) => a - b)

/** [[from, to], ...] from sorted code points. */
function ranges(cps) {
  const out = []
  for (const c of cps) {
    const last = out.at(-1)
    if (last && last[1] === c - 1) last[1] = c
    else out.push([c, c])
  }
  return out
}

const taken = new Set()
const coverage = { primary: [], fallback: [] }
const primary = (await readdir(path.join(root, 'assets', 'fonts'))).filter((f) => /^source-sans-3-.*-400-normal\.woff2$/.test(f))
for (const f of primary) for (const c of unicodes(await fontverter.convert(await readFile(path.join(root, 'assets', 'fonts', f)), 'truetype'))) taken.add(c)
coverage.primary = ranges([...taken].sort((a, b) => a - b))

await mkdir(out, { recursive: true })
for (const [name, files] of FONTS) {
  let n = 0
  for (const file of files) {
    const sfnt = await fontverter.convert(firstFace(await readFile(file)), 'truetype')
    const mine = unicodes(sfnt).filter((c) => c > 0x20 && !taken.has(c))
    if (WHOLE.has(name)) {
      const whole = `${name}${sfnt.toString('latin1', 0, 4) === 'OTTO' ? '.otf' : '.ttf'}`
      await writeFile(path.join(out, whole), sfnt)
      for (const c of mine) taken.add(c)
      coverage.fallback.push({ file: whole, ranges: ranges(mine) })
      console.log(`${whole}: ${mine.length} characters, ${(sfnt.length / 1024).toFixed(0)} KB`)
      continue
    }
    for (let i = 0; i < mine.length; i += CHUNK) {
      const part = mine.slice(i, i + CHUNK)
      const woff2 = await subsetFont(sfnt, String.fromCodePoint(...part), { targetFormat: 'woff2', noHinting: true })
      const got = unicodes(await fontverter.convert(woff2, 'truetype')).filter((c) => part.includes(c))
      const out1 = `${name}-${n++}.woff2`
      await writeFile(path.join(out, out1), woff2)
      for (const c of got) taken.add(c)
      coverage.fallback.push({ file: out1, ranges: ranges(got) })
      console.log(`${out1}: ${got.length} characters, ${(woff2.length / 1024).toFixed(0)} KB`)
    }
  }
}
await writeFile(path.join(out, 'coverage.json'), `${JSON.stringify(coverage)}\n`)
const ofl = (await readFile(path.join(path.dirname(emojiFile), '..', 'LICENSE_FONT'), 'utf8')).replace(/^Copyright.*\n+/, '')
await writeFile(
  path.join(out, 'OFL-noto.txt'),
  `Noto Sans, Noto Sans Arabic, Hebrew, Devanagari, Thai, Symbols, Symbols 2 and Noto Emoji: Copyright 2012-2022 Google LLC.
Noto Sans CJK: Copyright 2014-2021 Adobe (http://www.adobe.com/), with Reserved Font Name 'Source'.

${ofl}`,
)
