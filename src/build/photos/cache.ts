/**
 * Corrections kept across builds in `.bbl-cache/photos/`, keyed by the photo's
 * content (and the detector's version): a rebuild of an unchanged photo reads
 * a small JSON file and copies two files, with no decoding at all.
 */
import { createHash } from 'node:crypto'
import { copyFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** Bump when detection or correction changes what they produce. */
export const PHOTOS_VERSION = 2

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

const files = (dir: string, key: string) => ({
  json: path.join(dir, `${key}.json`),
  fixed: path.join(dir, `${key}.fixed`),
  original: path.join(dir, `${key}.original`),
})

export async function readCached(dir: string, key: string): Promise<CachedPhoto | undefined> {
  try {
    return JSON.parse(await readFile(files(dir, key).json, 'utf8')) as CachedPhoto
  } catch {
    return undefined
  }
}

/** Copies a cached correction (straightened slide and prepared original) into place. */
export async function copyCached(dir: string, key: string, fixedDest: string, originalDest: string): Promise<boolean> {
  const f = files(dir, key)
  try {
    await Promise.all([copyFile(f.fixed, fixedDest), copyFile(f.original, originalDest)])
    return true
  } catch {
    return false
  }
}

/** Stores a result; each file is written aside and renamed, so a reader never sees half a file. */
export async function writeCached(dir: string, key: string, entry: CachedPhoto, fixed?: Uint8Array, original?: Uint8Array): Promise<void> {
  const f = files(dir, key)
  await mkdir(dir, { recursive: true })
  const put = async (file: string, data: Uint8Array | string) => {
    const tmp = `${file}.${process.pid}`
    await writeFile(tmp, data)
    await rename(tmp, file)
  }
  if (fixed && original) await Promise.all([put(f.fixed, fixed), put(f.original, original)])
  await put(f.json, JSON.stringify(entry))
}
