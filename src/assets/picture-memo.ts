/**
 * What preparing a picture wrote into the deck folder, kept in memory by bbl
 * serve: when a rebuild finds the same picture file unchanged (same device,
 * inode, size, modification and change times), the same bytes are written
 * again without reading, hashing, decoding or checking the caches. A one-shot
 * build keeps none.
 */
import { createHash } from 'node:crypto'
import { stat } from 'node:fs/promises'
import type { ImageAsset } from '../slides/spec.js'

/** What one picture's preparation did. */
export interface PictureDone {
  /** The fields it set on the picture's asset. */
  asset: Partial<ImageAsset>
  /** The files it wrote, by path inside the deck folder, with their bytes. */
  files: Array<[string, Buffer]>
  /** The cache keys it used (kept from pruning). */
  keys: string[]
}

/** A file's identity now: what must not have changed for a kept result to hold; undefined when it cannot be read. */
export async function fileStamp(file: string): Promise<string | undefined> {
  const s = await stat(file, { bigint: true }).catch(() => undefined)
  return s && `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`
}

export class PictureMemo {
  private kept = new Map<string, { stamp: string; done: PictureDone }>()
  /** Keys asked for or kept since the last prune. */
  private used = new Set<string>()
  /** The files written from the memo's bytes since the last prune, by path inside the deck folder. */
  private writing = new Map<string, Buffer>()
  /** The same, for the build that ended with the last prune. */
  private wrote = new Map<string, Buffer>()
  /** Each kept file's sha1 (base64), computed once. */
  private readonly sums = new WeakMap<Buffer, string>()

  /** A build starts: what an earlier one (that failed) wrote is no longer in the folder. */
  begin(): void {
    this.writing = new Map()
  }

  /** What was done for `key` when its file had `stamp`, if it still has. */
  get(key: string, stamp: string): PictureDone | undefined {
    this.used.add(key)
    const k = this.kept.get(key)
    if (k?.stamp !== stamp) return undefined
    for (const [f, data] of k.done.files) this.writing.set(f, data)
    return k.done
  }

  set(key: string, stamp: string, done: PictureDone): void {
    this.used.add(key)
    this.kept.set(key, { stamp, done })
    for (const [f, data] of done.files) this.writing.set(f, data)
  }

  /** A build ended well: forget the pictures the builds since the last prune did not use (the memo never outgrows one build's worth). */
  prune(): void {
    for (const key of this.kept.keys()) if (!this.used.has(key)) this.kept.delete(key)
    this.used = new Set()
    this.wrote = this.writing
    this.writing = new Map()
  }

  /**
   * The sha1 (base64) of `file` (a path inside the deck folder) as the build that
   * ended with the last prune wrote it from the memo, without reading it; undefined
   * for the files it did not write.
   */
  sha1(file: string): string | undefined {
    const data = this.wrote.get(file)
    if (!data) return undefined
    let sum = this.sums.get(data)
    if (!sum) {
      sum = createHash('sha1').update(data).digest('base64')
      this.sums.set(data, sum)
    }
    return sum
  }
}
