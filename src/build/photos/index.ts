/**
 * Photos of the speakers' slides, made readable (`--photos auto`, the default):
 * the projected slide is found, cut out and straightened, and replaces the
 * photo on the slide; the photo as taken is kept next to it
 * (`images/x.original.jpg`) and the slide links to it. Only slide photos are
 * touched (`image::` blocks and paragraphs of inline images), never pictures
 * inside text or backgrounds, nor photos with the role `raw`. Photos where no
 * screen is found with confidence stay exactly as they are.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { NotesDoc, Section } from '../../notes/model.js'
import { copyCached, photoKey, readCached, writeCached } from './cache.js'
import { photoPool } from './pool.js'
import type { Format } from './work.js'

export interface PhotoOptions {
  /** `.bbl-cache/photos` of the output folder. */
  cacheDir: string
  /** The `src` of every picture shown as a slide photo and not marked `raw`. */
  sources: ReadonlySet<string>
}

/** What the manifest says about a slide photo. */
export interface PhotoOutcome {
  corrected: boolean
  confidence: number
  /** The photo as taken, inside the deck folder, when corrected. */
  original?: string
  width?: number
  height?: number
}

/** A photo's outcome, and the key its correction is cached under (the build lists the keys it used). */
export type Corrected = PhotoOutcome & { key?: string }

/** The role that keeps a photo as it was taken. */
export const RAW_ROLE = 'raw'

/** Pictures the notes show as slide photos, less those marked `[.raw]`. */
export function slidePhotoSources(doc: NotesDoc): Set<string> {
  const out = new Set<string>()
  const fromBlocks = (blocks: NotesDoc['preamble']) => {
    for (const b of blocks) if (b.kind === 'photos') for (const r of b.images) if (!r.roles?.includes(RAW_ROLE)) out.add(r.src)
  }
  const fromSection = (s: Section) => {
    fromBlocks(s.blocks)
    s.sections.forEach(fromSection)
  }
  fromBlocks(doc.preamble)
  doc.sections.forEach(fromSection)
  return out
}


function sniff(b: Buffer): Format | undefined {
  if (b[0] === 0xff && b[1] === 0xd8) return 'jpeg'
  if (b[0] === 0x89 && b[1] === 0x50) return 'png'
  if (b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp'
  return undefined
}

/** Where the photo as taken goes: `images/x.jpg` → `images/x.original.jpg`. */
export const originalName = (output: string): string => {
  const ext = path.extname(output)
  return `${output.slice(0, output.length - ext.length)}.original${ext}`
}

/**
 * Corrects `file` into `outDir/output` when a screen is found, keeping the
 * photo as taken at `originalName(output)`. Writes nothing otherwise: the
 * caller copies the photo as it always has.
 */
export async function correctSlidePhoto(file: string, outDir: string, output: string, taken: ReadonlySet<string>, cacheDir: string, readOnly = false): Promise<Corrected> {
  try {
    return await correct(file, outDir, output, taken, cacheDir, readOnly)
  } catch {
    // An unreadable picture is reported by the plain copy that follows; a photo
    // that cannot be straightened for any other reason is shown as it was taken.
    return { corrected: false, confidence: 0 }
  }
}

async function correct(file: string, outDir: string, output: string, taken: ReadonlySet<string>, cacheDir: string, readOnly: boolean): Promise<Corrected> {
  const keep: typeof writeCached = (...args) => (readOnly ? Promise.resolve() : writeCached(...args))
  const bytes = await readFile(file)
  const format = sniff(bytes)
  const original = originalName(output)
  if (!format || taken.has(original)) return { corrected: false, confidence: 0 }
  const key = photoKey(bytes, format)
  const dest = path.join(outDir, output)
  const originalDest = path.join(outDir, original)
  await mkdir(path.dirname(dest), { recursive: true })
  const cached = await readCached(cacheDir, key)
  if (cached && !cached.corrected) return { corrected: false, confidence: cached.confidence, key }
  if (cached && (await copyCached(cacheDir, key, dest, originalDest))) {
    return { corrected: true, confidence: cached.confidence, original, width: cached.width, height: cached.height, key }
  }
  // The pixel work runs in the photo pool's worker threads (pool.ts), which load sharp.
  const work = await photoPool().run(file, format)
  const { confidence, reason, fixed, kept } = work
  if (!fixed || !kept) {
    await keep(cacheDir, key, { corrected: false, confidence, reason })
    return { corrected: false, confidence, key }
  }
  await Promise.all([writeFile(dest, fixed.data), writeFile(originalDest, kept)])
  await keep(cacheDir, key, { corrected: true, confidence, reason, width: fixed.width, height: fixed.height }, fixed.data, kept)
  return { corrected: true, confidence, original, width: fixed.width, height: fixed.height, key }
}
