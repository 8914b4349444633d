/**
 * What preparing a picture wrote into the deck folder, kept in memory by bbl
 * serve: when a rebuild finds the same picture file unchanged (same device,
 * inode, size, modification and change times), the same bytes are written
 * again without reading, hashing, decoding or checking the caches. A one-shot
 * build keeps none.
 */
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

  /** What was done for `key` when its file had `stamp`, if it still has. */
  get(key: string, stamp: string): PictureDone | undefined {
    this.used.add(key)
    const k = this.kept.get(key)
    return k?.stamp === stamp ? k.done : undefined
  }

  set(key: string, stamp: string, done: PictureDone): void {
    this.used.add(key)
    this.kept.set(key, { stamp, done })
  }

  /** Forget the pictures the builds since the last prune did not use (the memo never outgrows one build's worth). */
  prune(): void {
    for (const key of this.kept.keys()) if (!this.used.has(key)) this.kept.delete(key)
    this.used = new Set()
  }
}
