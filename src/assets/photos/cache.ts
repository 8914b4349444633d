/**
 * Corrections kept across builds in `.bbl-cache/photos/`, keyed by the photo's
 * content (and the detector's version): a rebuild of an unchanged photo reads
 * a small JSON file and copies two files, with no decoding at all. Entries are
 * verified (src/cache/store.ts) and checked for shape; the kept pictures
 * go through the same metadata stripping as fresh ones before they are used.
 */
import { createHash } from 'node:crypto'
import { CacheStore } from '../../cache/store.js'
import { stripJpeg, stripPng } from '../metadata.js'
import type { Format } from './work.js'

/** Bump when detection or correction changes what they produce. */
export const PHOTOS_VERSION = 3

export interface CachedPhoto {
  corrected: boolean
  confidence: number
  reason: string
  /** The straightened slide's size, when corrected. */
  width?: number
  height?: number
}

export const photoKey = (bytes: Buffer, format: string): string =>
  createHash('sha256').update(`bbl-photos-${PHOTOS_VERSION}:${format}:`).update(bytes).digest('hex').slice(0, 32)

const side = (v: unknown) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 100_000

export function isCachedPhoto(v: unknown): v is CachedPhoto {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false
  const e = v as Record<string, unknown>
  if (typeof e.corrected !== 'boolean' || typeof e.confidence !== 'number' || !(e.confidence >= 0 && e.confidence <= 1) || typeof e.reason !== 'string') return false
  return e.corrected ? side(e.width) && side(e.height) : e.width === undefined && e.height === undefined
}

/** A kept picture without location and device data; undefined when it is not a well-formed picture of its format. */
function clean(data: Buffer | undefined, format: Format): Buffer | undefined {
  if (!data) return undefined
  if (format === 'jpeg') return stripJpeg(data)
  if (format === 'png') return stripPng(data)
  return data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP' ? data : undefined
}

export class PhotoCache {
  private readonly store: CacheStore

  constructor(dir: string | undefined, readOnly = false) {
    this.store = new CacheStore(dir, readOnly)
  }

  read(key: string): Promise<CachedPhoto | undefined> {
    return this.store.getJson(`${key}.json`, isCachedPhoto)
  }

  /** A kept correction's straightened slide and photo as taken, verified and clean; undefined when either is not. */
  async pictures(key: string, format: Format): Promise<{ fixed: Buffer; original: Buffer } | undefined> {
    const [fixed, original] = await Promise.all([this.store.get(`${key}.fixed`), this.store.get(`${key}.original`)])
    const f = clean(fixed, format)
    const o = clean(original, format)
    return f && o ? { fixed: f, original: o } : undefined
  }

  /** Keeps a result; its record last, so that a record is never kept without its pictures. */
  async write(key: string, entry: CachedPhoto, fixed?: Uint8Array, original?: Uint8Array): Promise<void> {
    if (fixed && original) {
      const kept = await Promise.all([this.store.put(`${key}.fixed`, Buffer.from(fixed)), this.store.put(`${key}.original`, Buffer.from(original))])
      if (!kept.every(Boolean)) return
    }
    await this.store.putJson(`${key}.json`, entry)
  }
}
