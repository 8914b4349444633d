/**
 * The pixel work for one slide photo not in the cache: decode, find the screen,
 * straighten, and prepare the photo as taken. Runs in a worker thread
 * (worker.ts, through pool.ts) or inline; the same code either way, so the
 * bytes are the same. Loads sharp: imported only when a photo needs it.
 */
import { readFile } from 'node:fs/promises'
import sharp from 'sharp'
import { stripJpeg, stripPng } from '../metadata.js'
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
 * The photo as taken, without where and with what it was taken. An upright JPEG
 * or PNG keeps its pixels, its size and its colour profile: its EXIF, XMP and IPTC
 * segments are dropped, nothing is decoded nor encoded (src/build/metadata.ts). A
 * photo the camera stored turned (EXIF orientation) is turned upright by sharp, at
 * most 2560 px, which writes no metadata; so is a WebP carrying any.
 */
async function asTaken(bytes: Buffer, format: Format): Promise<Buffer> {
  // Reads the header only: no pixels are decoded.
  const meta = await sharp(bytes).metadata()
  if ((meta.orientation ?? 1) === 1) {
    const clean = format === 'jpeg' ? stripJpeg(bytes) : format === 'png' ? stripPng(bytes) : undefined
    if (clean) return clean
    if (!meta.exif && !meta.xmp && !meta.iptc) return bytes
  }
  const img = sharp(bytes).rotate().resize({ width: 2560, height: 2560, fit: 'inside', withoutEnlargement: true })
  return (format === 'png' ? img.png() : format === 'webp' ? img.webp({ quality: 85 }) : img.jpeg({ quality: 88 })).toBuffer()
}
