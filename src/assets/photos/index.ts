/**
 * Photos of the speakers' slides, made readable (`--photos auto`, the default):
 * the projected slide is found, cut out and straightened, and replaces the
 * photo on the slide; the photo as taken is kept next to it
 * (`images/x.original.jpg`) and the slide links to it. Only slide photos are
 * touched (`image::` blocks and paragraphs of inline images), never pictures
 * inside text or backgrounds, nor photos with the role `raw`. Photos where no
 * screen is found with confidence stay exactly as they are.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { NotesDoc, Section } from '../../notes/model.js'
import { PhotoCache, photoKey } from './cache.js'
import { writeOut } from '../../core/write.js'
import { photoPool } from './pool.js'
import type { Format } from './work.js'

export interface PhotoOptions {
  /** `.bbl-cache/photos` of the output folder; nothing is kept without it (a cache that cannot be used). */
  cacheDir?: string
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

export interface PhotoJob {
  file: string
  /** The deck folder, and the picture's place in it. */
  outDir: string
  output: string
  /** Output names already given: the photo as taken needs its own. */
  taken: ReadonlySet<string>
  /** `.bbl-cache/photos`; nothing is kept without it. */
  cacheDir?: string
  /** Read the cache, keep nothing new (bbl check). */
  readOnly?: boolean
}

/**
 * Corrects `file` into `outDir/output` when a screen is found, keeping the
 * photo as taken at `originalName(output)`. Writes nothing otherwise: the
 * caller copies the photo as it always has.
 */
export async function correctSlidePhoto(job: PhotoJob): Promise<Corrected> {
  let found: Found
  try {
    found = await correct(job)
  } catch {
    // An unreadable picture is reported by the plain copy that follows; a photo
    // that cannot be straightened for any other reason is shown as it was taken.
    return { corrected: false, confidence: 0 }
  }
  // Written outside the catch: a failed write (a full disk) is not a photo that could not be straightened.
  const { outcome, write } = found
  if (write && outcome.original) await Promise.all([writeOut(path.join(job.outDir, job.output), write.fixed), writeOut(path.join(job.outDir, outcome.original), write.original)])
  return outcome
}

/** What correcting found, and the pictures to write when corrected. */
interface Found {
  outcome: Corrected
  write?: { fixed: Uint8Array; original: Uint8Array }
}

async function correct({ file, output, taken, cacheDir, readOnly }: PhotoJob): Promise<Found> {
  const cache = new PhotoCache(cacheDir, readOnly)
  const bytes = await readFile(file)
  const format = sniff(bytes)
  const original = originalName(output)
  if (!format || taken.has(original)) return { outcome: { corrected: false, confidence: 0 } }
  const key = photoKey(bytes, format)
  const cached = await cache.read(key)
  if (cached && !cached.corrected) return { outcome: { corrected: false, confidence: cached.confidence, key } }
  const pictures = cached && (await cache.pictures(key, format))
  if (cached && pictures) {
    return { outcome: { corrected: true, confidence: cached.confidence, original, width: cached.width, height: cached.height, key }, write: { fixed: pictures.fixed, original: pictures.original } }
  }
  // The pixel work runs in the photo pool's worker threads (pool.ts), which load sharp.
  const work = await photoPool().run(file, format)
  const { confidence, reason, fixed, kept } = work
  if (!fixed || !kept) {
    await cache.write(key, { corrected: false, confidence, reason })
    return { outcome: { corrected: false, confidence, key } }
  }
  await cache.write(key, { corrected: true, confidence, reason, width: fixed.width, height: fixed.height }, fixed.data, kept)
  return { outcome: { corrected: true, confidence, original, width: fixed.width, height: fixed.height, key }, write: { fixed: fixed.data, original: kept } }
}
