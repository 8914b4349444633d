/**
 * What bbl learns about a picture, kept by the hash of its bytes in
 * `.bbl-cache/pictures/`: its metadata (format, orientation, size) and, for a
 * photo bbl turns upright or scales down, the prepared copy. A rebuild of
 * unchanged pictures neither decodes nor re-encodes them, and does not load
 * sharp at all. Without a folder (tests, the API) nothing is kept. Entries are
 * verified (src/cache/store.ts) and checked for shape; a kept copy goes
 * through the same metadata stripping as a fresh one.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { CacheStore } from '../cache/store.js'
import { stripJpeg, stripPng } from './metadata.js'
import { writeOut } from '../core/write.js'

export interface PictureMeta {
  format?: string
  orientation?: number
  width?: number
  height?: number
  /** It was decoded whole once (a truncated or fake picture never is): no need to again. */
  decodes?: true
}

export interface PreparedSize {
  width: number
  height: number
}

const FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'svg', 'tiff', 'avif', 'heif', 'jp2', 'jxl'])
const side = (v: unknown) => Number.isInteger(v) && (v as number) > 0 && (v as number) <= 1_000_000
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v)

export function isPictureMeta(v: unknown): v is PictureMeta {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false
  const m = v as Record<string, unknown>
  return (
    optional(m.format, (f) => typeof f === 'string' && FORMATS.has(f)) &&
    optional(m.orientation, (o) => Number.isInteger(o) && (o as number) >= 1 && (o as number) <= 8) &&
    optional(m.width, side) &&
    optional(m.height, side) &&
    optional(m.decodes, (d) => d === true)
  )
}

export const isPreparedSize = (v: unknown): v is PreparedSize =>
  !!v && typeof v === 'object' && side((v as PreparedSize).width) && side((v as PreparedSize).height)

/** A kept copy without location and device data; undefined when it is not a well-formed picture of its kind. */
const cleanCopy = (data: Buffer, ext: string): Buffer | undefined =>
  /^\.jpe?g$/i.test(ext) ? stripJpeg(data) : /^\.png$/i.test(ext) ? stripPng(data) : /^\.webp$/i.test(ext) && isWebp(data) ? data : undefined

const isWebp = (b: Buffer) => b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP'

export class PictureCache {
  private readonly store: CacheStore

  constructor(dir?: string, readOnly = false) {
    this.store = new CacheStore(dir, readOnly)
  }

  /** The picture's bytes (read once: what is hashed is what is checked and copied), the hash it is kept under, and its size. */
  async key(file: string): Promise<{ data: Buffer; hash: string; bytes: number }> {
    const data = await readFile(file)
    return { data, hash: createHash('sha256').update(data).digest('hex'), bytes: data.length }
  }

  /** The picture's metadata: kept, or read by `read` and kept. */
  async meta(hash: string, read: () => Promise<PictureMeta>): Promise<PictureMeta> {
    const kept = await this.store.getJson(`${hash}.json`, isPictureMeta)
    if (kept) return kept
    const value = await read()
    await this.store.putJson(`${hash}.json`, value)
    return value
  }

  /** Keep `meta` as the picture's metadata (an entry from an older bbl, completed). */
  async keepMeta(hash: string, meta: PictureMeta): Promise<void> {
    await this.store.putJson(`${hash}.json`, meta)
  }

  /** Write the prepared copy to `dest`: from the cache, or made by `make` (its bytes) and kept. */
  async prepared(hash: string, ext: string, dest: string, make: () => Promise<{ data: Buffer; size: PreparedSize }>): Promise<PreparedSize> {
    const size = await this.store.getJson(`${hash}.prepared.json`, isPreparedSize)
    const kept = size && (await this.store.get(`${hash}.prepared${ext}`))
    const clean = kept && cleanCopy(kept, ext)
    if (size && clean) {
      await writeOut(dest, clean)
      return size
    }
    const made = await make()
    await writeOut(dest, made.data)
    if (await this.store.put(`${hash}.prepared${ext}`, made.data)) await this.store.putJson(`${hash}.prepared.json`, made.size)
    return made.size
  }
}
