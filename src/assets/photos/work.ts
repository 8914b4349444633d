/**
 * The pixel work for one slide photo not in the cache: decode, find the screen,
 * straighten, and prepare the photo as taken. Runs in a worker thread
 * (worker.ts, through pool.ts) or inline; the same code either way, so the
 * bytes are the same. Loads sharp: imported only when a photo needs it.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { analyse, decodePhoto, straighten } from './photo.js'

export type Format = 'jpeg' | 'png' | 'webp'

export interface PhotoWork {
  confidence: number
  reason: string
  /** The straightened slide and the photo as taken, when a screen was found. */
  fixed?: { data: Uint8Array; width: number; height: number }
  kept?: Uint8Array
}

export async function photoWork(file: string, format: Format): Promise<PhotoWork> {
  const decoded = await decodePhoto(file)
  const a = analyse(decoded)
  const { confidence, reason } = a.detection
  if (!a.quad) return { confidence, reason }
  const [fixed, kept] = await Promise.all([straighten(decoded, a, format), asTaken(await readFile(file), format)])
  return { confidence, reason, fixed, kept }
}

/**
 * The photo as taken, upright, at most 2560 px. One carrying metadata is
 * re-encoded: sharp drops EXIF (GPS included), XMP and IPTC by default.
 */
async function asTaken(bytes: Buffer, format: Format): Promise<Buffer> {
  const meta = await sharp(bytes).metadata()
  const plain = !meta.exif && !meta.xmp && !meta.iptc && (meta.orientation ?? 1) === 1
  if (plain && Math.max(meta.width ?? Infinity, meta.height ?? Infinity) <= 2560) return bytes
  const img = sharp(bytes).rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true })
  return (format === 'png' ? img.png() : format === 'webp' ? img.webp({ quality: 85 }) : img.jpeg({ quality: 88 })).toBuffer()
}
