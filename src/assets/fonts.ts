/**
 * Fallback fonts: the characters of a deck that bbl's main fonts (Source Sans 3,
 * JetBrains Mono: Latin only) lack are drawn with Noto fonts bundled in
 * assets/fonts/fallback/ (SIL OFL; scripts/make-fallback-fonts.mjs made them).
 * Each deck gets only the glyphs it uses: one small subset per source file
 * touched, declared in the deck's fonts.css under the main fonts' own family
 * names (with a unicode-range of exactly those characters), so that every
 * theme's font stack reaches them before any system font. A French deck gets
 * nothing; the fitter measures with the same fonts.css. A character no bundled
 * font has is a warning with its line.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { setFlagsFromString } from 'node:v8'
import type { Block, NotesDoc, Section, Warning } from '../notes/model.js'
import { assetsDir } from '../core/paths.js'
import { appendOut, writeOut } from '../core/write.js'
import { CacheStore } from '../cache/store.js'
import { htmlToText } from '../core/text.js'
import type { DeckPlan } from '../slides/spec.js'

type Ranges = Array<[number, number]>
interface Coverage {
  primary: Ranges
  fallback: Array<{ file: string; ranges: Ranges }>
}

const fallbackDir = path.join(assetsDir, 'fonts', 'fallback')
let coverage: Promise<Coverage> | undefined
const loadCoverage = () => (coverage ??= readFile(path.join(fallbackDir, 'coverage.json'), 'utf8').then((s) => JSON.parse(s) as Coverage))

const inRanges = (ranges: Ranges, c: number): boolean => {
  let lo = 0
  let hi = ranges.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const [a, b] = ranges[mid]!
    if (c < a) hi = mid - 1
    else if (c > b) lo = mid + 1
    else return true
  }
  return false
}

/** Zero-width joiner, text/emoji presentation selectors, keycap. */
const EMOJI_JOINERS = [0x200d, 0xfe0e, 0xfe0f, 0x20e3]

/** Characters that draw nothing of their own: spaces, controls, joiners, marks of direction. */
const INVISIBLE = /[\p{White_Space}\p{Cc}\p{Cf}\p{Co}\p{Cn}]|\p{Variation_Selector}/u

/** Every character of the notes, with the first line it appears on. */
export function charactersOf(doc: NotesDoc, decks: DeckPlan[] = []): Map<number, number | undefined> {
  const seen = new Map<number, number | undefined>()
  const add = (text: string | undefined, line?: number) => {
    if (!text) return
    for (const ch of text) {
      const c = ch.codePointAt(0)!
      if (!seen.has(c) || (seen.get(c) === undefined && line !== undefined)) seen.set(c, line)
    }
  }
  const blocks = (list: Block[], fallbackLine?: number) => {
    for (const b of list) {
      const line = b.line ?? fallbackLine
      if (b.kind === 'photos') add(b.caption && htmlToText(b.caption), line)
      else add(b.text, line)
      if (b.kind === 'html') for (const n of b.footnotes ?? []) add(htmlToText(n.html), line)
    }
  }
  const section = (s: Section) => {
    add(s.titleText, s.line)
    blocks(s.blocks, s.line)
    s.sections.forEach(section)
  }
  add(doc.titleText, 1)
  add(doc.author, 2)
  blocks(doc.preamble)
  doc.sections.forEach(section)
  // What bbl adds itself (labels, agenda, speaker names as shown): no line of the notes.
  for (const d of decks)
    for (const st of d.stacks)
      for (const s of st.slides) {
        add(htmlToText(s.type === 'flow' ? `${s.kicker} ${s.title} ${s.blocks.join(' ')} ${(s.footnotes ?? []).map((n) => n.html).join(' ')}` : s.html))
        add(htmlToText(s.notes.join(' ')))
      }
  return seen
}

/** Subsets made in this process (bbl serve rebuilds on every save): the same characters are not cut twice. */
const made = new Map<string, Promise<Buffer>>()
/** Subsets kept on disk between builds (WOFF2 compression takes seconds for a CJK deck). */
const DISK_KEEP = 64

/**
 * HarfBuzz and the WOFF2 coder are WebAssembly, which V8 compiles twice: baseline
 * code at once, optimised code later. The second compile stalled the main thread of a
 * first build for ~0.3 s on two busy cores and made even a CJK subset slower (800
 * characters: 2.2 s baseline only, 2.7 s with both). Baseline only, then, set before
 * the first subset compiles them (V8 reads the flag at compile time).
 */
let baselineOnly = false
function useBaselineWasm(): void {
  if (baselineOnly) return
  baselineOnly = true
  setFlagsFromString('--liftoff-only')
}

function subsetOf(file: string, text: string, cacheDir?: string): Promise<Buffer> {
  const key = createHash('sha256').update(`${file}\u0000${text}`).digest('hex').slice(0, 24)
  let woff2 = made.get(key)
  if (!woff2) {
    woff2 = fromDisk(cacheDir, key).then(
      async (kept) => kept ?? toDisk(cacheDir, key, await cut(file, text)),
    )
    made.set(key, woff2)
    woff2.catch(() => made.delete(key))
    if (made.size > DISK_KEEP) made.delete(made.keys().next().value!)
  }
  return woff2
}

/** A WOFF2 subset of a bundled font; subset-font is loaded only when a subset is not in the cache. */
async function cut(file: string, text: string): Promise<Buffer> {
  useBaselineWasm()
  const { default: subsetFont } = await import('subset-font')
  return subsetFont(await readFile(path.join(fallbackDir, file)), text, { targetFormat: 'woff2' })
}

/** A kept subset: verified, and a WOFF2 file (its signature and the length its header gives). */
async function fromDisk(dir: string | undefined, key: string): Promise<Buffer | undefined> {
  const kept = await new CacheStore(dir).get(`${key}.woff2`)
  return kept && kept.length >= 48 && kept.toString('latin1', 0, 4) === 'wOF2' && kept.readUInt32BE(8) === kept.length ? kept : undefined
}

/** bbl's names for kept subsets: nothing else in the folder is removed. */
const SUBSET_NAME = /^[0-9a-f]{24}\.woff2$/

/** Keep a subset for the next build; only the newest DISK_KEEP stay. */
async function toDisk(dir: string | undefined, key: string, woff2: Buffer): Promise<Buffer> {
  const store = new CacheStore(dir)
  if (await store.put(`${key}.woff2`, woff2)) {
    const kept = await store.list(SUBSET_NAME)
    for (const { name } of kept.sort((a, b) => b.mtimeMs - a.mtimeMs).slice(DISK_KEEP)) await store.remove(name)
  }
  return woff2
}

export interface PreparedFonts {
  /** Files written into the deck's assets/fonts/. */
  files: string[]
  bytes: number
  warnings: Warning[]
}

const FACES = [
  ['Source Sans 3', 'normal', 400],
  ['Source Sans 3', 'italic', 400],
  ['Source Sans 3', 'normal', 700],
  ['Source Sans 3', 'italic', 700],
  ['JetBrains Mono', 'normal', 400],
] as const

/**
 * Characters per subset file: HarfBuzz fails on a subset of some 6,000 CJK characters
 * (hb_subset_or_fail returns zero), so a deck that uses more gets several files, each
 * declared with its own unicode-range.
 */
const SUBSET_CHARS = 2000

/** `list` in consecutive pieces of at most `n`. */
const chunks = <T>(list: T[], n: number): T[][] => Array.from({ length: Math.ceil(list.length / n) }, (_, i) => list.slice(i * n, (i + 1) * n))

const hex = (c: number) => c.toString(16).toUpperCase().padStart(4, '0')

/** `U+4E00-4E02,U+4E0A` from sorted code points. */
function unicodeRange(cps: number[]): string {
  const out: string[] = []
  for (let i = 0; i < cps.length; i++) {
    let j = i
    while (j + 1 < cps.length && cps[j + 1] === cps[j]! + 1) j++
    out.push(j > i ? `U+${hex(cps[i]!)}-${hex(cps[j]!)}` : `U+${hex(cps[i]!)}`)
    i = j
  }
  return out.join(',')
}

/** Subset the fallback fonts to what `chars` needs, into `deckDir`/assets/fonts/, declared in its fonts.css; `cacheDir` keeps subsets across builds. */
export async function prepareFonts(chars: Map<number, number | undefined>, deckDir: string, cacheDir?: string, o: { perFile?: number } = {}): Promise<PreparedFonts> {
  const cov = await loadCoverage()
  const byFile = new Map<string, number[]>()
  const missing: Array<[number, number | undefined]> = []
  for (const [c, line] of [...chars].sort((a, b) => a[0] - b[0])) {
    if (inRanges(cov.primary, c)) continue
    const source = cov.fallback.find((f) => inRanges(f.ranges, c))
    if (source) byFile.set(source.file, [...(byFile.get(source.file) ?? []), c])
    else if (!INVISIBLE.test(String.fromCodePoint(c))) missing.push([c, line])
  }
  // Joiners and presentation selectors go with the emoji they join (👩‍💻 is one ligature), even where the main font has them.
  const emoji = cov.fallback.find((f) => f.file.startsWith('noto-emoji'))?.file
  const used = emoji ? byFile.get(emoji) : undefined
  if (used) for (const c of EMOJI_JOINERS) if (chars.has(c) && !used.includes(c)) used.push(c)
  used?.sort((a, b) => a - b)
  const warnings: Warning[] = missing.map(([c, line]) => ({
    code: 'FONT_MISSING',
    line,
    message: `no bundled font has the character U+${hex(c)} (${String.fromCodePoint(c)}): it may show as an empty box; write it another way`,
  }))
  const fontsDir = path.join(deckDir, 'assets', 'fonts')
  await mkdir(fontsDir, { recursive: true })
  const rules: string[] = []
  const files: string[] = []
  let bytes = 0
  for (const [file, all] of byFile) {
    for (const cps of chunks(all, o.perFile ?? SUBSET_CHARS)) {
      let woff2: Buffer
      try {
        woff2 = await subsetOf(file, String.fromCodePoint(...cps), cacheDir)
      } catch (e) {
        // HarfBuzz refusing a subset is no reason to stop the build: these characters lose their font, said with their line.
        warnings.push({ code: 'FONT_MISSING', line: chars.get(cps[0]!), message: `the bundled font for ${cps.length} character(s) from U+${hex(cps[0]!)} could not be subset (${(e as Error).message.slice(0, 80)}); they may show as empty boxes` })
        continue
      }
      // Named by content: the same characters give the same file, build after build.
      const name = `fallback-${file.replace(/\.\w+$/, '')}-${createHash('sha256').update(woff2).digest('hex').slice(0, 8)}.woff2`
      await writeOut(path.join(fontsDir, name), woff2)
      files.push(name)
      bytes += woff2.length
      const range = unicodeRange(cps)
      for (const [family, style, weight] of FACES) {
        rules.push(`@font-face { font-family: '${family}'; font-style: ${style}; font-weight: ${weight}; font-display: block; src: url(${name}) format('woff2'); unicode-range: ${range}; }`)
      }
    }
  }
  if (rules.length > 0) {
    const head = '\n/* Noto fallback fonts (SIL OFL, see OFL-noto.txt), subset to the characters of these notes: declared under the main families so every font stack reaches them. */\n'
    await appendOut(path.join(fontsDir, 'fonts.css'), `${head}${rules.join('\n')}\n`)
    await writeOut(path.join(fontsDir, 'OFL-noto.txt'), await readFile(path.join(fallbackDir, 'OFL-noto.txt')))
  }
  warnings.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
  return { files, bytes, warnings }
}
